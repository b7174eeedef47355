import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { requireActor, type Actor, type Ctx, type Deps, type SystemActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { hashToken, randomToken } from '../kernel/crypto.js';
import { inTx, type Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import * as policy from '../access/policy.js';
import { assertNotThrottled, recordFailure } from '../auth/service.js';
import * as q from './queries.js';

/**
 * Two-step verification (issue 11): TOTP (otplib) with recovery codes, WebAuthn passkeys (@simplewebauthn/server).
 * An account with a factor signs in with it (password → challenge → factor → session with mfa_at); a session that
 * enrols a factor counts as verified. Enforcement: organisations that require it (policy.standingIn answers
 * mfa_required to a caller without it) and, in production, every operator request (auth/hook.ts).
 */

const SIGN_IN_TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5; // wrong answers per sign-in challenge before the password is asked again
/** Wrong second factors per account, from any sign-in: then the account's second step locks for a while. */
const FACTOR_LIMITS = { limit: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const RECOVERY_CODES = 10;
export type Method = 'totp' | 'webauthn' | 'recovery';

const rp = (config: Config) => {
  const url = new URL(config.publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Nyckel' };
};

/**
 * For the OIDC provider and anybody else deciding whether a signed-in caller may act in an organisation's context:
 * true when the organisation does not require MFA or the caller's session (or token) passed a second factor.
 * Operators are held to MFA by the platform rule (production), not by organisations.
 */
export async function mfaSatisfied(db: Queryable, actor: Pick<Actor, 'mfa' | 'operator'>, orgId: string): Promise<boolean> {
  if (actor.mfa || actor.operator) return true;
  const org = await q.findOrgMfa(db, orgId);
  return !org?.require_mfa;
}

/** Production: every operator request needs a session that passed a second factor (auth/hook.ts asks). */
export const operatorNeedsMfa = (config: Config, actor: Actor | SystemActor | null) =>
  config.production && actor !== null && 'operator' in actor && actor.operator && !actor.mfa;

/** After a correct password: a sign-in challenge when the account has a factor, else null (a session now). */
export async function beginSecondFactor(deps: Deps, accountId: string): Promise<{ token: string; methods: Method[] } | null> {
  const factors = await q.factorsOf(deps.db, accountId);
  if (!factors.totp && !factors.webauthn) return null;
  const token = randomToken('mfa_');
  await q.insertChallenge(deps.db, {
    tokenHash: hashToken(token),
    accountId,
    purpose: 'sign_in',
    challenge: null,
    expiresAt: new Date(deps.clock.now().getTime() + SIGN_IN_TTL_MS),
  });
  const methods: Method[] = [...(factors.totp ? (['totp'] as const) : []), ...(factors.webauthn ? (['webauthn'] as const) : []), 'recovery'];
  return { token, methods };
}

async function openSignIn(deps: Deps, token: string) {
  const challenge = await q.findChallenge(deps.db, hashToken(token), 'sign_in', deps.clock.now());
  if (!challenge) throw new AppError('mfa_invalid', { detail: 'This sign-in has expired. Sign in with your password again.' });
  await assertNotThrottled(deps, [`mfa:${challenge.account_id}`], 'wrong verification codes');
  return challenge;
}

async function failSignIn(deps: Deps, tokenHash: string, accountId: string): Promise<never> {
  await q.countFailedAttempt(deps.db, tokenHash, MAX_ATTEMPTS);
  await recordFailure(deps, `mfa:${accountId}`, FACTOR_LIMITS);
  throw new AppError('mfa_invalid');
}

async function finishSignIn(deps: Deps, tokenHash: string, accountId: string, method: Method): Promise<string> {
  if (!(await q.consumeChallenge(deps.db, tokenHash))) throw new AppError('mfa_invalid', { detail: 'This sign-in was already completed.' });
  await recordAudit(deps.db, null, 'account.mfa_signed_in', { orgId: null, targetType: 'account', targetId: accountId, after: { method } });
  return accountId;
}

async function totpMatches(deps: Deps, accountId: string, code: string, confirm: boolean): Promise<boolean> {
  const totp = await q.findTotp(deps.db, accountId);
  if (!totp || (!confirm && !totp.confirmed_at)) return false;
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const epoch = Math.floor(deps.clock.now().getTime() / 1000);
  const r = await verifyTotp({ secret: totp.secret, token, epoch, epochTolerance: 30 });
  if (!r.valid) return false;
  // Each code once: a code seen by a shoulder-surfer or a proxy cannot be replayed within its window.
  return q.acceptTimeStep(deps.db, accountId, Math.floor(epoch / 30) + r.delta, confirm ? deps.clock.now() : null);
}

/** Sign-in step 2 with a TOTP code; the account id for the session. Refuses: mfa_invalid, too_many_attempts. */
export async function signInWithTotp(deps: Deps, token: string, code: string): Promise<string> {
  const c = await openSignIn(deps, token);
  if (!(await totpMatches(deps, c.account_id, code, false))) return failSignIn(deps, c.token_hash, c.account_id);
  return finishSignIn(deps, c.token_hash, c.account_id, 'totp');
}

const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Sign-in step 2 with a recovery code (each works once). Refuses: mfa_invalid, too_many_attempts. */
export async function signInWithRecoveryCode(deps: Deps, token: string, code: string): Promise<string> {
  const c = await openSignIn(deps, token);
  if (!(await q.useRecoveryCode(deps.db, c.account_id, hashToken(normaliseRecovery(code)), deps.clock.now()))) {
    return failSignIn(deps, c.token_hash, c.account_id);
  }
  return finishSignIn(deps, c.token_hash, c.account_id, 'recovery');
}

const transportsOf = (c: { transports: unknown }) => (Array.isArray(c.transports) ? (c.transports as string[]) : []) as never[];

/** Sign-in step 2 with a passkey: the options for navigator.credentials.get (the challenge is kept). */
export async function signInPasskeyOptions(deps: Deps, token: string) {
  const c = await openSignIn(deps, token);
  const credentials = await q.listCredentials(deps.db, c.account_id);
  if (!credentials.length) throw new AppError('mfa_invalid', { detail: 'This account has no passkey.' });
  const options = await generateAuthenticationOptions({
    rpID: rp(deps.config).rpID,
    allowCredentials: credentials.map((cr) => ({ id: cr.id, transports: transportsOf(cr) })),
    userVerification: 'preferred',
  });
  await q.setChallenge(deps.db, c.token_hash, options.challenge);
  return options as typeof options & Record<string, unknown>;
}

/** Sign-in step 2: the passkey's answer. Refuses: mfa_invalid, too_many_attempts. */
export async function signInWithPasskey(deps: Deps, token: string, response: AuthenticationResponseJSON): Promise<string> {
  const c = await openSignIn(deps, token);
  const credential = await q.findCredential(deps.db, c.account_id, response.id);
  if (!credential || !c.challenge) return failSignIn(deps, c.token_hash, c.account_id);
  const { rpID, origin } = rp(deps.config);
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: c.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: {
      id: credential.id,
      publicKey: new Uint8Array(credential.public_key),
      counter: Number(credential.counter),
      transports: transportsOf(credential),
    },
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) return failSignIn(deps, c.token_hash, c.account_id);
  await q.touchCredential(deps.db, credential.id, result.authenticationInfo.newCounter, deps.clock.now());
  return finishSignIn(deps, c.token_hash, c.account_id, 'webauthn');
}

/** GET /me/mfa: the caller's factors and whether this session passed one. */
export async function getMyMfa(ctx: Ctx) {
  const actor = requireActor(ctx);
  const totp = await q.findTotp(ctx.db, actor.accountId);
  const passkeys = await q.listCredentials(ctx.db, actor.accountId);
  return {
    totp: Boolean(totp?.confirmed_at),
    passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.created_at.toISOString(), lastUsedAt: p.last_used_at?.toISOString() ?? null })),
    recoveryCodesLeft: await q.countRecoveryCodesLeft(ctx.db, actor.accountId),
    verified: actor.mfa === true,
    operatorRequired: ctx.config.production && actor.operator,
  };
}

/** Changing factors of an account that has one needs a session that passed one (a stolen password is not enough). */
async function requireVerifiedIfEnrolled(ctx: Ctx, actor: Actor) {
  const f = await q.factorsOf(ctx.db, actor.accountId);
  if ((f.totp || f.webauthn) && !actor.mfa) {
    throw new AppError('mfa_required', { detail: 'Sign in with your second factor to change your factors.', extra: { enrolled: true } });
  }
}

/** Starts TOTP enrolment: a new secret and its otpauth:// URI (for the QR code). Refuses: conflict (already on). */
export async function startTotpEnrolment(ctx: Ctx) {
  const actor = requireActor(ctx);
  await requireVerifiedIfEnrolled(ctx, actor);
  const existing = await q.findTotp(ctx.db, actor.accountId);
  if (existing?.confirmed_at) throw new AppError('mfa_already_set_up', { detail: 'An authenticator app is already set up; remove it first.' });
  const secret = generateSecret();
  await q.upsertPendingTotp(ctx.db, actor.accountId, secret);
  return { secret, uri: generateURI({ issuer: 'Nyckel', label: actor.email, secret }) };
}

function newRecoveryCodes() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODES }, () => {
    const bytes = randomBytes(10);
    const raw = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** The first factor of an account brings recovery codes (shown once); later factors keep the existing ones. */
async function recoveryCodesForFirstFactor(ctx: Ctx, accountId: string, hadFactor: boolean): Promise<string[] | null> {
  if (hadFactor && (await q.countRecoveryCodesLeft(ctx.db, accountId)) > 0) return null;
  const codes = newRecoveryCodes();
  await q.replaceRecoveryCodes(
    ctx.db,
    accountId,
    codes.map((c) => hashToken(normaliseRecovery(c))),
  );
  return codes;
}

/**
 * Confirms TOTP enrolment with a code from the app: the factor is on, this session counts as verified, and the first
 * factor brings recovery codes. Refuses: mfa_invalid, not_found (no enrolment started).
 */
export async function confirmTotp(ctx: Ctx, code: string, markSession: (db: Queryable) => Promise<void>) {
  const actor = requireActor(ctx);
  const pending = await q.findTotp(ctx.db, actor.accountId);
  if (!pending) throw new AppError('not_found', { detail: 'Start setting up an authenticator app first.' });
  if (pending.confirmed_at) throw new AppError('mfa_already_set_up', { detail: 'The authenticator app is already set up.' });
  const hadFactor = (await q.factorsOf(ctx.db, actor.accountId)).webauthn;
  return inTx(ctx.db, async (tx) => {
    if (!(await totpMatches({ ...ctx, db: tx }, actor.accountId, code, true))) throw new AppError('mfa_invalid');
    const recoveryCodes = await recoveryCodesForFirstFactor({ ...ctx, db: tx }, actor.accountId, hadFactor);
    await markSession(tx);
    await recordAudit(tx, actor, 'account.mfa_enabled', { orgId: null, targetType: 'account', targetId: actor.accountId, after: { method: 'totp' } });
    return { recoveryCodes };
  });
}

/** Turns TOTP off (a verified session only). The last factor gone takes the recovery codes with it. */
export async function removeTotp(ctx: Ctx) {
  const actor = requireActor(ctx);
  await requireVerifiedIfEnrolled(ctx, actor);
  await inTx(ctx.db, async (tx) => {
    await q.deleteTotp(tx, actor.accountId);
    if (!(await q.factorsOf(tx, actor.accountId)).webauthn) await q.replaceRecoveryCodes(tx, actor.accountId, []);
    await recordAudit(tx, actor, 'account.mfa_disabled', { orgId: null, targetType: 'account', targetId: actor.accountId, before: { method: 'totp' } });
  });
}

/** New recovery codes (the old ones stop working). Refuses: mfa_required (an unverified session), not_found (no factor). */
export async function regenerateRecoveryCodes(ctx: Ctx) {
  const actor = requireActor(ctx);
  const f = await q.factorsOf(ctx.db, actor.accountId);
  if (!f.totp && !f.webauthn) throw new AppError('not_found', { detail: 'Set up a second factor first.' });
  await requireVerifiedIfEnrolled(ctx, actor);
  return inTx(ctx.db, async (tx) => {
    const codes = newRecoveryCodes();
    await q.replaceRecoveryCodes(
      tx,
      actor.accountId,
      codes.map((c) => hashToken(normaliseRecovery(c))),
    );
    await recordAudit(tx, actor, 'account.mfa_recovery_codes_renewed', { orgId: null, targetType: 'account', targetId: actor.accountId });
    return { recoveryCodes: codes };
  });
}

const registerKey = (accountId: string) => hashToken(`register:${accountId}`);

/** Passkey enrolment, step 1: options for navigator.credentials.create (the challenge is kept 5 minutes). */
export async function passkeyRegistrationOptions(ctx: Ctx) {
  const actor = requireActor(ctx);
  await requireVerifiedIfEnrolled(ctx, actor);
  const existing = await q.listCredentials(ctx.db, actor.accountId);
  const { rpID, rpName } = rp(ctx.config);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: actor.email,
    userDisplayName: actor.name,
    userID: new TextEncoder().encode(actor.accountId),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: transportsOf(c) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await q.insertChallenge(ctx.db, {
    tokenHash: registerKey(actor.accountId),
    accountId: actor.accountId,
    purpose: 'register',
    challenge: options.challenge,
    expiresAt: new Date(ctx.clock.now().getTime() + SIGN_IN_TTL_MS),
  });
  return options as typeof options & Record<string, unknown>;
}

/**
 * Passkey enrolment, step 2: verifies the authenticator's answer and keeps the credential; this session counts as
 * verified; the first factor brings recovery codes. Refuses: mfa_invalid.
 */
export async function registerPasskey(ctx: Ctx, name: string, response: RegistrationResponseJSON, markSession: (db: Queryable) => Promise<void>) {
  const actor = requireActor(ctx);
  await requireVerifiedIfEnrolled(ctx, actor);
  const challenge = await q.findChallenge(ctx.db, registerKey(actor.accountId), 'register', ctx.clock.now());
  if (!challenge?.challenge) throw new AppError('mfa_invalid', { detail: 'The passkey request has expired; try again.' });
  const { rpID, origin } = rp(ctx.config);
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: challenge.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  }).catch(() => null);
  if (!result?.verified) throw new AppError('mfa_invalid', { detail: 'The passkey could not be verified.' });
  const hadFactor = await q.factorsOf(ctx.db, actor.accountId);
  return inTx(ctx.db, async (tx) => {
    if (!(await q.consumeChallenge(tx, challenge.token_hash))) throw new AppError('mfa_invalid');
    const c = result.registrationInfo.credential;
    await q.insertCredential(tx, { id: c.id, accountId: actor.accountId, name, publicKey: c.publicKey, counter: c.counter, transports: c.transports ?? [] });
    const recoveryCodes = await recoveryCodesForFirstFactor({ ...ctx, db: tx }, actor.accountId, hadFactor.totp || hadFactor.webauthn);
    await markSession(tx);
    await recordAudit(tx, actor, 'account.mfa_enabled', { orgId: null, targetType: 'account', targetId: actor.accountId, after: { method: 'webauthn', name } });
    return { id: c.id, recoveryCodes };
  });
}

/** Removes a passkey (a verified session only). Refuses: not_found. */
export async function removePasskey(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  await requireVerifiedIfEnrolled(ctx, actor);
  await inTx(ctx.db, async (tx) => {
    const r = await q.deleteCredential(tx, actor.accountId, id);
    if (!Number(r.numDeletedRows)) throw new AppError('not_found');
    const f = await q.factorsOf(tx, actor.accountId);
    if (!f.totp && !f.webauthn) await q.replaceRecoveryCodes(tx, actor.accountId, []);
    await recordAudit(tx, actor, 'account.mfa_disabled', { orgId: null, targetType: 'account', targetId: actor.accountId, before: { method: 'webauthn', id } });
  });
}

/** Whether the organisation requires MFA of its members (anybody who can open it may ask). */
export async function getOrgMfaPolicy(ctx: Ctx, orgId: string) {
  const actor = requireActor(ctx);
  const s = await policy.require(ctx.db, actor, 'viewOrg', orgId, ctx.clock.now());
  return { required: s.mfaRequired };
}

/**
 * An organisation's administrators require (or stop requiring) MFA of its members. Turning it on needs a caller whose
 * own session passed a second factor (else they would lock themselves out). Refuses: forbidden, mfa_required.
 */
export async function setOrgMfaPolicy(ctx: Ctx, orgId: string, required: boolean) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const s = await policy.require(tx, actor, 'updateOrg', orgId, ctx.clock.now());
    if (required && !actor.mfa && !actor.operator) {
      throw new AppError('mfa_required', { detail: 'Set up two-step verification for yourself and sign in with it first.', extra: { enrolled: false } });
    }
    if (s.mfaRequired !== required) {
      await q.setOrgMfa(tx, orgId, required);
      await recordAudit(tx, actor, 'org.mfa_policy_changed', {
        orgId,
        targetType: 'org',
        targetId: orgId,
        before: { required: s.mfaRequired },
        after: { required },
      });
    }
    return { required };
  });
}
