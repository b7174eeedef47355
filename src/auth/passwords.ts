import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { Semaphore } from '../kernel/semaphore.js';

/** OWASP minimum for argon2id: 19 MiB memory, 2 iterations, 1 lane (SPEC §5 sign-in). */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Concurrent hashing is capped at the core count, so a burst of sign-ins cannot exhaust memory or CPU. */
const hashing = new Semaphore(Math.max(1, availableParallelism()));

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2_OPTIONS));
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; for an unknown account (hash null) it verifies against a dummy hash,
 * so the answer takes as long and does not reveal which e-mails exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash('nyckel-dummy-password', ARGON2_OPTIONS);
    const dummy = await dummyHash;
    await hashing.run(() => verify(dummy, password).catch(() => false));
    return false;
  }
  return hashing.run(() => verify(passwordHash, password).catch(() => false));
}
