import type { Actor, Ctx, Deps, Language } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { hashToken, newId, randomToken, safeEqual } from '../kernel/crypto.js';
import { inTx, type Tx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { enqueueMail, enqueueMails } from '../kernel/mail.js';
import { renderMail } from '../mail/templates.js';
import { accountDenial, todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as q from './queries.js';
import type { AccountView } from './schema.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 3600_000;
const ACCOUNT_LIMIT = 5; // failures per e-mail in the window before it locks
const IP_LIMIT = 50; // failures per IP in the window (an office behind one NAT shares it)
const THROTTLE_WINDOW_MS = 15 * 60_000;
const THROTTLE_LOCK_MS = 15 * 60_000;

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

function actorOf(a: { id: string; email: string; first_name: string; last_name: string; language: Language; operator: boolean }, via: Actor['via']): Actor {
  return { accountId: a.id, email: a.email, name: `${a.first_name} ${a.last_name}`, operator: a.operator, language: a.language, via };
}

/** Resolves the caller from a session cookie; null when absent, expired or the account may not sign in. */
export async function actorFromSession(deps: Deps, sessionToken: string) {
  const row = await q.findSessionAccount(deps.db, hashToken(sessionToken), deps.clock.now());
  if (!row || !mayUseAccount(row, deps.clock.now())) return null;
  return { actor: actorOf(row, 'session'), csrfToken: row.csrf_token };
}

/** Resolves the caller from a personal API token (Authorization: Bearer). */
export async function actorFromApiToken(deps: Deps, token: string): Promise<Actor | null> {
  const row = await q.findApiTokenAccount(deps.db, hashToken(token));
  if (!row || !mayUseAccount(row, deps.clock.now())) return null;
  await q.touchApiToken(deps.db, row.token_id, deps.clock.now());
  return actorOf(row, 'token');
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  return typeof given === 'string' && safeEqual(expected, given);
}

async function assertNotThrottled(deps: Deps, keys: string[]) {
  const now = deps.clock.now();
  const locked = (await q.findThrottles(deps.db, keys)).map((t) => t.locked_until).filter((d): d is Date => d !== null && d > now);
  if (locked.length) {
    const until = Math.max(...locked.map((d) => d.getTime()));
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new AppError('too_many_attempts', {
      detail: `Too many failed sign-ins. Try again in ${seconds} seconds.`,
      headers: { 'Retry-After': String(seconds) },
      extra: { retryAfterSeconds: seconds },
    });
  }
}

/** R-G1: password sign-in. Refuses: too_many_attempts (checked before hashing), invalid_credentials, sign_in_refused. */
export async function login(deps: Deps, ip: string, email: string, password: string) {
  const emailKey = `email:${email.trim().toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  await assertNotThrottled(deps, [emailKey, ipKey]);
  const account = await q.findAccountByEmail(deps.db, email.trim());
  const ok = await verifyPassword(account?.password_hash ?? null, password);
  const now = deps.clock.now();
  if (!account || !ok) {
    await q.recordThrottleFailure(deps.db, emailKey, now, THROTTLE_WINDOW_MS, ACCOUNT_LIMIT, THROTTLE_LOCK_MS);
    await q.recordThrottleFailure(deps.db, ipKey, now, THROTTLE_WINDOW_MS, IP_LIMIT, THROTTLE_LOCK_MS);
    throw new AppError('invalid_credentials');
  }
  await q.clearThrottle(deps.db, emailKey);
  if (!mayUseAccount(account, now)) throw new AppError('sign_in_refused', { detail: 'This account is disabled or its sign-in period has ended.' });
  if (!account.operator && !(await q.hasUsableAccess(deps.db, account.id, todayOf(now)))) {
    throw new AppError('sign_in_refused', { detail: 'Your access has been deactivated or has expired.' });
  }
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  await q.insertSession(deps.db, {
    tokenHash: hashToken(sessionToken),
    accountId: account.id,
    csrfToken,
    expiresAt: new Date(now.getTime() + deps.config.sessionHours * 3600_000),
  });
  return { sessionToken, csrfToken, account: toAccountView(account) };
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
  const account = await q.findAccountById(ctx.db, actor.accountId);
  if (!account) throw new AppError('unauthenticated');
  const orgs = await listMyOrganisations(ctx, { limit: ME_ORGANISATIONS_PAGE });
  return {
    account: toAccountView(account),
    emailSettings: (await q.findEmailSettings(ctx.db, actor.accountId)).email_settings,
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
    const after = await q.updateAccountProfile(tx, actor.accountId, {
      ...(patch.language ? { language: patch.language } : {}),
      ...(patch.firstName ? { first_name: patch.firstName } : {}),
      ...(patch.lastName ? { last_name: patch.lastName } : {}),
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
    return { account: toAccountView(after), emailSettings: (await q.findEmailSettings(tx, actor.accountId)).email_settings };
  });
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
  input: { account: MailAccount; orgId: string; orgName: string; inviterName: string; message?: string; template?: 'invitation' | 'reactivated' },
) {
  const token = await issueAuthToken(tx, input.account.id, 'invitation', deps.clock.now());
  const link = `${deps.config.publicUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
  const mail = renderMail(
    input.template ?? 'invitation',
    input.account.language,
    { name: input.account.first_name, org: input.orgName, inviter: input.inviterName },
    link,
    input.message,
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

/** R-C13 self-service: answers the same whether or not the e-mail exists (no enumeration). */
export async function forgotPassword(deps: Deps, email: string): Promise<void> {
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
    await q.deleteSessionsOf(tx, used.account_id);
    const activated = purpose === 'invitation' ? await q.activateInvitedMemberships(tx, used.account_id) : [];
    await recordAudit(tx, null, purpose === 'invitation' ? 'account.invitation_accepted' : 'account.password_reset', {
      orgId: null,
      targetType: 'account',
      targetId: used.account_id,
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

export async function createApiToken(ctx: Ctx, name: string) {
  const actor = requireActor(ctx);
  const token = randomToken('nyk_');
  return inTx(ctx.db, async (tx) => {
    const row = await q.insertApiToken(tx, { id: newId(), accountId: actor.accountId, name, tokenHash: hashToken(token) });
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

export { findAccountByEmail, findAccountById, insertAccount, insertAccounts, findAccountsByEmails, deleteSessionsOf as endSessionsOf } from './queries.js';
