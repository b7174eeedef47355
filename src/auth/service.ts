import type { Actor, Ctx, Deps, Language } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { hashToken, newId, randomToken, safeEqual } from '../kernel/crypto.js';
import { inTx, type Queryable, type Tx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { enqueueMail, enqueueMails } from '../kernel/mail.js';
import { renderMail } from '../mail/templates.js';
import { accountDenial, todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import { beginSecondFactor } from '../mfa/service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as q from './queries.js';
import type { AccountView } from './schema.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 3600_000;
/**
 * Sign-in throttling (OWASP authentication cheat sheet): failures lock the pair (account, IP) — so a stranger's wrong
 * passwords do not lock the owner out from their own address — and the IP (spraying); per account, failures from
 * anywhere only slow it down with a doubling backoff that starts late and stays short.
 */
const PAIR_LIMIT = 5; // failures per (e-mail, IP) in the window before the pair locks
const IP_LIMIT = 50; // failures per IP in the window (an office behind one NAT shares it)
const THROTTLE_WINDOW_MS = 15 * 60_000;
const THROTTLE_LOCK_MS = 15 * 60_000;
/** Per account, from any address: from the 10th failure in the window each one locks for 1 s, 2 s, 4 s … at most 5 min. */
export const ACCOUNT_BACKOFF = { after: 10, baseMs: 1_000, capMs: 5 * 60_000 } as const;
/** Forgot-password requests (mail bombing): per address and per IP in an hour. */
export const FORGOT_LIMITS = { perAddress: 3, perIp: 20, windowMs: 3600_000 } as const;
export const FORGOT_PASSWORD_QUEUE = 'auth.forgot-password';

type AccountRow = NonNullable<Awaited<ReturnType<typeof q.findAccountById>>>;

export function toAccountView(a: Omit<AccountRow, 'operator'>): AccountView {
  return {
    id: a.id,
    email: a.email,
    firstName: a.first_name,
    lastName: a.last_name,
    phone: a.phone,
    language: a.language,
    homeOrgId: a.home_org_id,
    active: a.active,
    loginValidUntil: a.login_valid_until,
  };
}

/** R-G2 at account level (the access rule's account part): disabled accounts and accounts past loginValidUntil cannot sign in. */
const mayUseAccount = (a: { active: boolean; login_valid_until: string | null }, now: Date) => accountDenial(a, todayOf(now)) === null;

function actorOf(
  a: { id: string; email: string; first_name: string; last_name: string; language: Language; operator: boolean },
  via: Actor['via'],
  mfa: boolean,
): Actor {
  return { accountId: a.id, email: a.email, name: `${a.first_name} ${a.last_name}`, operator: a.operator, language: a.language, via, mfa };
}

/** Resolves the caller from a session cookie; null when absent, expired or the account may not sign in. */
export async function actorFromSession(deps: Deps, sessionToken: string) {
  const row = await q.findSessionAccount(deps.db, hashToken(sessionToken), deps.clock.now());
  if (!row || !mayUseAccount(row, deps.clock.now())) return null;
  return { actor: actorOf(row, 'session', row.mfa_at !== null), csrfToken: row.csrf_token };
}

/** Resolves the caller from a personal API token (Authorization: Bearer). */
export async function actorFromApiToken(deps: Deps, token: string): Promise<Actor | null> {
  const row = await q.findApiTokenAccount(deps.db, hashToken(token));
  if (!row || !mayUseAccount(row, deps.clock.now())) return null;
  await q.touchApiToken(deps.db, row.token_id, deps.clock.now());
  return actorOf(row, 'token', row.mfa);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  return typeof given === 'string' && safeEqual(expected, given);
}

/** Refuses while any of the keys is locked. Refuses: too_many_attempts (with Retry-After). */
export async function assertNotThrottled(deps: Deps, keys: string[], what = 'failed sign-ins') {
  const now = deps.clock.now();
  const locked = (await q.findThrottles(deps.db, keys)).map((t) => t.locked_until).filter((d): d is Date => d !== null && d > now);
  if (locked.length) {
    const until = Math.max(...locked.map((d) => d.getTime()));
    const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new AppError('too_many_attempts', {
      detail: `Too many ${what}. Try again in ${seconds} seconds.`,
      headers: { 'Retry-After': String(seconds) },
      extra: { retryAfterSeconds: seconds },
    });
  }
}

/** Counts a failure of `key` (a window, a limit, a lock), e.g. wrong second factors of an account. */
export async function recordFailure(deps: Deps, key: string, limits: { limit: number; windowMs: number; lockMs: number }) {
  await q.recordThrottleFailure(deps.db, key, deps.clock.now(), limits.windowMs, limits.limit, limits.lockMs);
}

/** R-G1: password sign-in. Refuses: too_many_attempts (checked before hashing), invalid_credentials, sign_in_refused. */
export async function login(deps: Deps, ip: string, email: string, password: string) {
  const address = email.trim().toLowerCase();
  const pairKey = `pair:${address}|${ip}`;
  const accountKey = `email:${address}`;
  const ipKey = `ip:${ip}`;
  await assertNotThrottled(deps, [pairKey, accountKey, ipKey]);
  const account = await q.findAccountByEmail(deps.db, email.trim());
  const ok = await verifyPassword(account?.password_hash ?? null, password);
  const now = deps.clock.now();
  if (!account || !ok) {
    await q.recordThrottleFailure(deps.db, pairKey, now, THROTTLE_WINDOW_MS, PAIR_LIMIT, THROTTLE_LOCK_MS);
    await q.recordThrottleFailure(deps.db, ipKey, now, THROTTLE_WINDOW_MS, IP_LIMIT, THROTTLE_LOCK_MS);
    await q.recordBackoffFailure(deps.db, accountKey, now, THROTTLE_WINDOW_MS, ACCOUNT_BACKOFF);
    throw new AppError('invalid_credentials');
  }
  await q.clearThrottle(deps.db, pairKey);
  await q.clearThrottle(deps.db, accountKey);
  if (!mayUseAccount(account, now)) throw new AppError('sign_in_refused', { detail: 'This account is disabled or its sign-in period has ended.' });
  if (!account.operator && !(await q.hasUsableAccess(deps.db, account.id, todayOf(now)))) {
    throw new AppError('sign_in_refused', { detail: 'Your access has been deactivated or has expired.' });
  }
  // An account with a second factor signs in with it: the password only opens a short-lived challenge.
  const pending = await beginSecondFactor(deps, account.id);
  if (pending) return { mfa: pending };
  return { session: await startSession(deps, account.id, null), account: toAccountView(account) };
}

/** A new session (cookie token, CSRF token); `mfaAt` when a second factor was given. */
export async function startSession(deps: Deps, accountId: string, mfaAt: Date | null) {
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  await q.insertSession(deps.db, {
    tokenHash: hashToken(sessionToken),
    accountId,
    csrfToken,
    expiresAt: new Date(deps.clock.now().getTime() + deps.config.sessionHours * 3600_000),
    mfaAt,
  });
  return { sessionToken, csrfToken };
}

export async function logout(deps: Deps, sessionToken: string | undefined) {
  if (sessionToken) await q.deleteSession(deps.db, hashToken(sessionToken));
}

/** The first page of GET /me's organisations (the lists' default page size); the rest: GET /me/organisations. */
export const ME_ORGANISATIONS_PAGE = 50;

/**
 * The organisations the caller can open (memberships under the access rule, owned contracts, clients of agencies it
 * administers), by name, one keyset page with the total, each with the caller's standing there (one batch query
 * for the page): cost in proportion to the page and the caller's own memberships.
 */
export async function listMyOrganisations(ctx: Ctx, query: { cursor?: string; limit: number }) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const after = decodePosition(query.cursor, q.MY_ORGS_KEYSET)?.after ?? null;
  // An operator opens every organisation; its switcher lists those it belongs to, as for anybody.
  const visible = policy.visibleOrgIds(ctx.db, { ...actor, operator: false }, now)!;
  const { rows, total } = await q.listAccountOrganisations(ctx.db, visible, after, query.limit);
  return keysetPage(rows, {
    limit: query.limit,
    key: q.MY_ORGS_KEYSET,
    total,
    items: async (page) => {
      const standings = await policy.standingsIn(
        ctx.db,
        actor,
        page.map((o) => o.id),
        now,
      );
      return page.map((o) => ({
        id: o.id,
        name: o.name,
        kind: o.kind,
        admin: standings.get(o.id)?.admin ?? false,
        programAdminOf: standings.get(o.id)?.programAdminOf ?? [],
      }));
    },
  });
}

/** GET /me/organisations/{orgId}: the caller's standing in one organisation. Refuses: not_found (R-J1). */
export async function getMyStanding(ctx: Ctx, orgId: string) {
  const actor = requireActor(ctx);
  const s = await policy.standingIn(ctx.db, actor, orgId, ctx.clock.now());
  return {
    id: s.orgId,
    name: s.orgName,
    kind: s.kind,
    admin: s.admin,
    programAdminOf: s.programAdminOf,
    contractOwner: s.contractOwner,
    agencyAdmin: s.agencyAdmin,
    member: s.member,
  };
}

/** GET /me: the caller's account, operator flag and the first page of the organisations it can open (the switcher). */
export async function getMe(ctx: Ctx, csrfToken: string | null) {
  const actor = requireActor(ctx);
  // The account and the organisations are independent reads: on PostgreSQL they run side by side on two connections.
  const [account, orgs] = await Promise.all([q.findAccountWithSettings(ctx.db, actor.accountId), listMyOrganisations(ctx, { limit: ME_ORGANISATIONS_PAGE })]);
  if (!account) throw new AppError('unauthenticated');
  return {
    account: toAccountView(account),
    emailSettings: account.email_settings,
    operator: account.operator,
    csrfToken,
    organisations: orgs.items,
    organisationsTotal: orgs.total,
    organisationsNextCursor: orgs.nextCursor,
  };
}

/** The user's own profile: language (R-F3), names, phone and e-mail settings (R-C15). */
export async function updateMe(
  ctx: Ctx,
  patch: {
    language?: Language;
    firstName?: string;
    lastName?: string;
    phone?: string | null;
    emailSettings?: { accessNotices: boolean; productNews: boolean };
  },
) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const before = await q.findAccountById(tx, actor.accountId);
    // Issue 14 item 4: the name is the account's; every membership's copy of it follows in this transaction.
    if (before && ((patch.firstName && patch.firstName !== before.first_name) || (patch.lastName && patch.lastName !== before.last_name)))
      await q.renameAccount(tx, actor.accountId, { first_name: patch.firstName || before.first_name, last_name: patch.lastName || before.last_name });
    const after = await q.updateAccountProfile(tx, actor.accountId, {
      ...(patch.language ? { language: patch.language } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
      ...(patch.emailSettings ? { email_settings: JSON.stringify(patch.emailSettings) } : {}),
    });
    await recordAudit(tx, actor, 'account.profile_updated', {
      orgId: null,
      targetType: 'account',
      targetId: actor.accountId,
      before: before && toAccountView(before),
      after: { ...toAccountView(after), ...(patch.emailSettings ? { emailSettings: patch.emailSettings } : {}) },
    });
    return { account: toAccountView(after), emailSettings: after.email_settings };
  });
}

/**
 * Issue 14 item 4: renames an account and every membership's copy of its name, in the caller's transaction. Rights
 * are the caller's (users/service.ts updateUser: the home organisation's administrators; updateMe: the account itself).
 */
export function renameAccount(tx: Tx, accountId: string, firstName: string, lastName: string) {
  return q.renameAccount(tx, accountId, { first_name: firstName, last_name: lastName });
}

/** Creates a single-use link token (stored hashed) and returns the raw token for the mail. */
export async function issueAuthToken(tx: Tx, accountId: string, purpose: 'invitation' | 'reset', now: Date): Promise<string> {
  await q.expireOpenAuthTokens(tx, accountId, purpose, now);
  const token = randomToken();
  await q.insertAuthToken(tx, {
    tokenHash: hashToken(token),
    accountId,
    purpose,
    expiresAt: new Date(now.getTime() + (purpose === 'reset' ? RESET_TTL_MS : INVITATION_TTL_MS)),
  });
  return token;
}

interface MailAccount {
  id: string;
  email: string;
  first_name: string;
  language: Language;
}

/**
 * R-C2: invitation mail with a single-use set-password link (7 days), in the caller's transaction; earlier links stop
 * working (R-C12). `template: 'reactivated'` is the same link after reactivation (R-C9). Links use NYCKEL_PUBLIC_URL only.
 */
export async function sendInvitation(
  tx: Tx,
  deps: Deps,
  input: {
    account: MailAccount;
    orgId: string;
    orgName: string;
    inviterName: string;
    message?: string;
    template?: 'invitation' | 'reactivated';
    /** A paragraph of the sender's (not the inviter's words): e.g. the initial seats for a contract owner. */
    note?: string;
  },
) {
  const token = await issueAuthToken(tx, input.account.id, 'invitation', deps.clock.now());
  const link = `${deps.config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
  const mail = renderMail(
    input.template ?? 'invitation',
    input.account.language,
    { name: input.account.first_name, org: input.orgName, inviter: input.inviterName },
    link,
    input.message,
    input.note,
  );
  await enqueueMail(tx, deps.jobs, { orgId: input.orgId, to: input.account.email, ...mail });
}

/**
 * R-C2 for many new accounts at once (the conversion, R-I6): one invitation link and mail each, written with
 * set-based statements in the caller's transaction. New accounts only: they have no earlier links to expire.
 */
export async function sendInvitations(tx: Tx, deps: Deps, input: { accounts: MailAccount[]; orgId: string; orgName: string; inviterName: string }) {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const tokens = input.accounts.map((account) => ({ account, token: randomToken() }));
  await q.insertAuthTokens(
    tx,
    tokens.map((t) => ({ tokenHash: hashToken(t.token), accountId: t.account.id, purpose: 'invitation' as const, expiresAt })),
  );
  await enqueueMails(
    tx,
    deps.jobs,
    tokens.map(({ account, token }) => ({
      orgId: input.orgId,
      to: account.email,
      ...renderMail(
        'invitation',
        account.language,
        { name: account.first_name, org: input.orgName, inviter: input.inviterName },
        `${deps.config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`,
      ),
    })),
  );
}

/** R-C2 for many existing accounts at once: each is told of its new access. */
export async function sendAccessNotices(tx: Tx, deps: Deps, input: { accounts: MailAccount[]; orgId: string; orgName: string; inviterName: string }) {
  await enqueueMails(
    tx,
    deps.jobs,
    input.accounts.map((account) => ({
      orgId: input.orgId,
      to: account.email,
      ...renderMail(
        'access_granted',
        account.language,
        { name: account.first_name, org: input.orgName, inviter: input.inviterName },
        `${deps.config.publicUrl}/login`,
      ),
    })),
  );
}

/** R-C2: an existing account is told of its new access (no password link). */
export async function sendAccessNotice(tx: Tx, deps: Deps, input: { account: MailAccount; orgId: string; orgName: string; inviterName: string }) {
  const mail = renderMail(
    'access_granted',
    input.account.language,
    { name: input.account.first_name, org: input.orgName, inviter: input.inviterName },
    `${deps.config.publicUrl}/login`,
  );
  await enqueueMail(tx, deps.jobs, { orgId: input.orgId, to: input.account.email, ...mail });
}

/** R-C13: a reset link (1 hour) in the caller's transaction. */
export async function sendPasswordReset(
  tx: Tx,
  deps: Deps,
  account: { id: string; email: string; first_name: string; language: Language },
  orgId: string | null,
) {
  const token = await issueAuthToken(tx, account.id, 'reset', deps.clock.now());
  const link = `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  const mail = renderMail('reset', account.language, { name: account.first_name }, link);
  await enqueueMail(tx, deps.jobs, { orgId, to: account.email, ...mail });
}

/**
 * R-C13 self-service: answers the same whether or not the e-mail exists (no enumeration) — in content and in time: the
 * request only counts itself against the limits per address and per IP (mail bombing) and enqueues the work, the same
 * statements for every address; the job finds the account and mails the link. Refuses: too_many_attempts.
 */
export async function forgotPassword(deps: Deps, ip: string, email: string): Promise<void> {
  const now = deps.clock.now();
  const addressKey = `forgot:${email.trim().toLowerCase()}`;
  const ipKey = `forgot-ip:${ip}`;
  await assertNotThrottled(deps, [addressKey, ipKey], 'password reset requests');
  await q.recordThrottleFailure(deps.db, addressKey, now, FORGOT_LIMITS.windowMs, FORGOT_LIMITS.perAddress, FORGOT_LIMITS.windowMs);
  await q.recordThrottleFailure(deps.db, ipKey, now, FORGOT_LIMITS.windowMs, FORGOT_LIMITS.perIp, FORGOT_LIMITS.windowMs);
  // Not nudged: the worker takes it at its next poll, after this answer has been written (on PGlite the database runs
  // on this thread, so work started now would delay the answer for known addresses only).
  await deps.jobs.send(FORGOT_PASSWORD_QUEUE, { email: email.trim() });
}

/** The forgot-password job: mails a reset link when the address is an account that may sign in (else nothing). */
export async function sendForgottenPasswordReset(deps: Deps, email: string): Promise<void> {
  const account = await q.findAccountByEmail(deps.db, email);
  if (!account || !mayUseAccount(account, deps.clock.now())) return;
  await inTx(deps.db, async (tx) => {
    await sendPasswordReset(tx, deps, account, null);
    await recordAudit(tx, null, 'account.password_reset_requested', { orgId: null, targetType: 'account', targetId: account.id });
  });
}

/** Sets a password from a reset or invitation link. Refuses: invalid_token (unknown, used or expired). */
export async function setPasswordWithToken(deps: Deps, purpose: 'invitation' | 'reset', token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password); // before the transaction: never hold a connection while hashing
  await inTx(deps.db, async (tx) => {
    const used = await q.consumeAuthToken(tx, hashToken(token), purpose, deps.clock.now());
    if (!used) throw new AppError('invalid_token');
    await q.setPasswordHash(tx, used.account_id, passwordHash);
    // A new password ends every way in that the old one opened: sessions and, after a reset, personal API tokens.
    await q.deleteSessionsOf(tx, used.account_id);
    const revoked = purpose === 'reset' ? await q.revokeApiTokensOf(tx, used.account_id, deps.clock.now()) : 0;
    const activated = purpose === 'invitation' ? await q.activateInvitedMemberships(tx, used.account_id) : [];
    await recordAudit(tx, null, purpose === 'invitation' ? 'account.invitation_accepted' : 'account.password_reset', {
      orgId: null,
      targetType: 'account',
      targetId: used.account_id,
      ...(revoked ? { after: { apiTokensRevoked: revoked } } : {}),
    });
    for (const m of activated) {
      await recordAudit(tx, null, 'user.invitation_accepted', {
        orgId: m.org_id,
        targetType: 'membership',
        targetId: m.id,
        before: { status: 'invited' },
        after: { status: 'active' },
      });
    }
  });
}

/**
 * R-C11: when an action ends access (delete, deactivate, expiry, a bulk revoke, a conversion), the account's open
 * invitation and reset links are withdrawn if it has nothing left to reach — a link never lets in somebody who
 * could not sign in. Runs in the caller's transaction; answers how many links were withdrawn.
 */
export async function withdrawLinksIfNoAccessLeft(tx: Queryable, accountId: string, now: Date): Promise<number> {
  if (await q.hasAccessLeft(tx, accountId, todayOf(now))) return 0;
  return q.withdrawOpenAuthTokens(tx, accountId, now);
}

export type LinkState = 'valid' | 'used' | 'expired' | 'withdrawn' | 'unknown';

/** What an invitation or reset link is now, for the page it opens: said before anybody types a password. */
export async function linkStatus(deps: Deps, purpose: 'invitation' | 'reset', token: string): Promise<{ state: LinkState; email: string | null }> {
  const row = await q.findAuthToken(deps.db, hashToken(token), purpose);
  const now = deps.clock.now();
  const state: LinkState = !row ? 'unknown' : row.used_at ? 'used' : row.withdrawn_at ? 'withdrawn' : row.expires_at <= now ? 'expired' : 'valid';
  return { state, email: state === 'valid' ? row!.email : null };
}

export async function createApiToken(ctx: Ctx, name: string) {
  const actor = requireActor(ctx);
  const token = randomToken('nyk_');
  return inTx(ctx.db, async (tx) => {
    // A token made in a session that passed a second factor counts as such (organisations requiring MFA accept it).
    const row = await q.insertApiToken(tx, { id: newId(), accountId: actor.accountId, name, tokenHash: hashToken(token), mfa: actor.mfa === true });
    await recordAudit(tx, actor, 'account.api_token_created', { orgId: null, targetType: 'api_token', targetId: row.id, after: { name } });
    return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: null, token };
  });
}

export async function listApiTokens(ctx: Ctx) {
  const actor = requireActor(ctx);
  const rows = await q.listApiTokens(ctx.db, actor.accountId);
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null })),
    total: rows.length,
    nextCursor: null,
  };
}

export async function revokeApiToken(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  await inTx(ctx.db, async (tx) => {
    const r = await q.revokeApiToken(tx, actor.accountId, id, ctx.clock.now());
    if (!r.numUpdatedRows) throw new AppError('not_found');
    await recordAudit(tx, actor, 'account.api_token_revoked', { orgId: null, targetType: 'api_token', targetId: id });
  });
}

/**
 * `npm run operator:reset -- <email>`: the way back in for a platform operator — the account is enabled again, its
 * sign-in end date cleared, its sessions ended, and a fresh reset link (1 hour) returned to print. Audited.
 * Refuses: not_found (no operator with that e-mail).
 */
export async function resetOperator(deps: Pick<Deps, 'db' | 'config' | 'clock'>, email: string): Promise<string> {
  return inTx(deps.db, async (tx) => {
    const account = await q.findAccountByEmail(tx, email.trim());
    if (!account || !account.operator) throw new AppError('not_found', { detail: `No platform operator has the e-mail ${email}.` });
    await tx.updateTable('accounts').set({ active: true, login_valid_until: null }).where('id', '=', account.id).execute();
    await q.deleteSessionsOf(tx, account.id);
    const token = await issueAuthToken(tx, account.id, 'reset', deps.clock.now());
    await recordAudit(tx, null, 'account.operator_reset', {
      orgId: null,
      targetType: 'account',
      targetId: account.id,
      before: { active: account.active, loginValidUntil: account.login_valid_until },
      after: { active: true, loginValidUntil: null },
    });
    return `${deps.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  });
}

/** Creates the first operator from NYCKEL_ADMIN_EMAIL + NYCKEL_ADMIN_PASSWORD when no operator exists. */
export async function ensureFirstOperator(deps: Deps, email: string | undefined, password: string | undefined): Promise<boolean> {
  if (!email || !password) return false;
  if (await q.operatorExists(deps.db)) return false;
  const passwordHash = await hashPassword(password);
  return inTx(deps.db, async (tx) => {
    const existing = await q.findAccountByEmail(tx, email);
    if (existing) {
      await tx.updateTable('accounts').set({ operator: true, password_hash: passwordHash }).where('id', '=', existing.id).execute();
    } else {
      await q.insertAccount(tx, {
        id: newId(),
        email,
        firstName: 'Platform',
        lastName: 'Operator',
        language: 'en',
        homeOrgId: null,
        passwordHash,
        operator: true,
      });
    }
    await recordAudit(tx, null, 'account.operator_created', { orgId: null, targetType: 'account', after: { email } });
    return true;
  });
}

export {
  findAccountByEmail,
  findAccountById,
  insertAccount,
  insertAccounts,
  findAccountsByEmails,
  markSessionMfa,
  deleteSessionsOf as endSessionsOf,
} from './queries.js';
