import type { Queryable } from '../kernel/db.js';

export function findTotp(db: Queryable, accountId: string) {
  return db.selectFrom('mfa_totp').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/** A new, unconfirmed secret (replaces an unconfirmed one; a confirmed one stays: the caller checks first). */
export async function upsertPendingTotp(db: Queryable, accountId: string, secret: string) {
  await db
    .insertInto('mfa_totp')
    .values({ account_id: accountId, secret, confirmed_at: null, last_time_step: null })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ secret, confirmed_at: null, last_time_step: null }).where('mfa_totp.confirmed_at', 'is', null))
    .execute();
}

/** Accepts a time step once: the UPDATE succeeds only when the step is newer than the last accepted one. */
export async function acceptTimeStep(db: Queryable, accountId: string, step: number, confirmAt: Date | null): Promise<boolean> {
  const r = await db
    .updateTable('mfa_totp')
    .set({ last_time_step: step, ...(confirmAt ? { confirmed_at: confirmAt } : {}) })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', String(step) as never)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteTotp(db: Queryable, accountId: string) {
  await db.deleteFrom('mfa_totp').where('account_id', '=', accountId).execute();
}

export async function replaceRecoveryCodes(db: Queryable, accountId: string, hashes: string[]) {
  await db.deleteFrom('mfa_recovery_codes').where('account_id', '=', accountId).execute();
  if (hashes.length)
    await db
      .insertInto('mfa_recovery_codes')
      .values(hashes.map((code_hash) => ({ account_id: accountId, code_hash, used_at: null })))
      .execute();
}

/** Uses a recovery code once (one atomic UPDATE). */
export async function useRecoveryCode(db: Queryable, accountId: string, hash: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countRecoveryCodesLeft(db: Queryable, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listCredentials(db: Queryable, accountId: string) {
  return db.selectFrom('webauthn_credentials').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
}

export function findCredential(db: Queryable, accountId: string, id: string) {
  return db.selectFrom('webauthn_credentials').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function insertCredential(
  db: Queryable,
  row: { id: string; accountId: string; name: string; publicKey: Uint8Array; counter: number; transports: string[] },
) {
  await db
    .insertInto('webauthn_credentials')
    .values({
      id: row.id,
      account_id: row.accountId,
      name: row.name,
      public_key: row.publicKey,
      counter: row.counter,
      transports: JSON.stringify(row.transports),
    })
    .execute();
}

export async function touchCredential(db: Queryable, id: string, counter: number, now: Date) {
  await db.updateTable('webauthn_credentials').set({ counter, last_used_at: now }).where('id', '=', id).execute();
}

export function deleteCredential(db: Queryable, accountId: string, id: string) {
  return db.deleteFrom('webauthn_credentials').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

/** Which factors the account has: a confirmed TOTP, passkeys (one statement). */
export async function factorsOf(db: Queryable, accountId: string) {
  const r = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('mfa_totp').select('account_id').where('account_id', '=', accountId).where('confirmed_at', 'is not', null)).as('totp'),
      eb.exists(eb.selectFrom('webauthn_credentials').select('id').where('account_id', '=', accountId)).as('webauthn'),
    ])
    .executeTakeFirstOrThrow();
  return { totp: Boolean(r.totp), webauthn: Boolean(r.webauthn) };
}

export async function insertChallenge(
  db: Queryable,
  row: { tokenHash: string; accountId: string; purpose: 'sign_in' | 'register'; challenge: string | null; expiresAt: Date },
) {
  await db
    .insertInto('mfa_challenges')
    .values({ token_hash: row.tokenHash, account_id: row.accountId, purpose: row.purpose, challenge: row.challenge, expires_at: row.expiresAt })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ challenge: row.challenge, expires_at: row.expiresAt, attempts: 0 }))
    .execute();
}

export function findChallenge(db: Queryable, tokenHash: string, purpose: 'sign_in' | 'register', now: Date) {
  return db
    .selectFrom('mfa_challenges')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function setChallenge(db: Queryable, tokenHash: string, challenge: string) {
  await db.updateTable('mfa_challenges').set({ challenge }).where('token_hash', '=', tokenHash).execute();
}

/** A wrong answer: counts it; the challenge dies at `max` (sign in with the password again). */
export async function countFailedAttempt(db: Queryable, tokenHash: string, max: number) {
  await db
    .updateTable('mfa_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .execute();
  await db.deleteFrom('mfa_challenges').where('token_hash', '=', tokenHash).where('attempts', '>=', max).execute();
}

/** Consumes a challenge once; false when another request took it first. */
export async function consumeChallenge(db: Queryable, tokenHash: string): Promise<boolean> {
  const r = await db.deleteFrom('mfa_challenges').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function findOrgMfa(db: Queryable, orgId: string) {
  return db.selectFrom('orgs').select(['id', 'require_mfa']).where('id', '=', orgId).executeTakeFirst();
}

export async function setOrgMfa(db: Queryable, orgId: string, required: boolean) {
  await db.updateTable('orgs').set({ require_mfa: required }).where('id', '=', orgId).execute();
}
