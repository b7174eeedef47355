import { createHash } from 'node:crypto';
import * as policy from '../access/policy.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { getCatalogue } from '../catalogue/service.js';
import { recordAudit } from '../kernel/audit.js';
import { requireActor, type AppCaller, type Ctx, type Deps } from '../kernel/auth-context.js';
import { newId, randomToken } from '../kernel/crypto.js';
import { inTx, type Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { publishEvent } from '../kernel/events.js';
import * as q from './queries.js';
import type { AppBody, AppView } from './schema.js';

export type { AppRow } from './queries.js';

export function toAppView(a: q.AppRow): AppView {
  return {
    id: a.id,
    name: a.name,
    clientId: a.client_id,
    redirectUris: a.redirect_uris,
    postLogoutRedirectUris: a.post_logout_redirect_uris,
    modules: a.modules,
    createdAt: a.created_at.toISOString(),
    secretRotatedAt: a.secret_rotated_at.toISOString(),
    disabledAt: a.disabled_at?.toISOString() ?? null,
  };
}

const newSecret = () => randomToken('nys_');

/** R-L3: an operator registers a module application; the client secret is answered once and kept as an argon2id hash. */
export async function registerApp(ctx: Ctx, input: AppBody): Promise<AppView & { clientSecret: string }> {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'registerApp', ctx.clock.now());
  const catalogue = await getCatalogue(ctx.db);
  const unknown = input.modules.map((m, i) => [m, i] as const).filter(([m]) => !catalogue.modules.has(m));
  if (unknown.length) {
    throw new AppError('validation_failed', {
      errors: unknown.map(([m, i]) => ({ path: `modules.${i}`, code: 'unknown_module' as const, message: `No module ${m}` })),
    });
  }
  const secret = newSecret();
  const secretHash = await hashPassword(secret);
  return inTx(ctx.db, async (tx) => {
    const app = await q.insertApp(tx, {
      id: newId(),
      name: input.name,
      clientId: `nyckel-${randomToken().slice(0, 16).replace(/[-_]/g, 'x').toLowerCase()}`,
      secretHash,
      redirectUris: input.redirectUris,
      postLogoutRedirectUris: input.postLogoutRedirectUris,
      modules: [...new Set(input.modules)],
      createdBy: actor.accountId,
    });
    const view = toAppView(app);
    await recordAudit(tx, actor, 'app.registered', { orgId: null, targetType: 'app', targetId: app.id, after: view });
    await publishEvent(tx, { type: 'apps.changed', clientId: app.client_id, cause: 'app.registered' });
    return { ...view, clientSecret: secret };
  });
}

/** R-L3: every registered application, disabled ones included (operators). */
export async function listApps(ctx: Ctx) {
  await policy.requirePlatform(ctx.db, requireActor(ctx), 'registerApp', ctx.clock.now());
  const items = (await q.listApps(ctx.db)).map(toAppView);
  return { items, total: items.length, nextCursor: null };
}

/** R-L3: a new secret, answered once; the old one stops at once, and so do tokens issued before. Refuses: not_found. */
export async function rotateAppSecret(ctx: Ctx, appId: string): Promise<AppView & { clientSecret: string }> {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'registerApp', ctx.clock.now());
  const secret = newSecret();
  const secretHash = await hashPassword(secret);
  return inTx(ctx.db, async (tx) => {
    const before = await q.findApp(tx, appId, true);
    if (!before) throw new AppError('not_found');
    const app = await q.updateApp(tx, appId, { secret_hash: secretHash, secret_rotated_at: ctx.clock.now() });
    await recordAudit(tx, actor, 'app.secret_rotated', { orgId: null, targetType: 'app', targetId: app.id });
    await publishEvent(tx, { type: 'apps.changed', clientId: app.client_id, cause: 'app.secret_rotated' });
    return { ...toAppView(app), clientSecret: secret };
  });
}

/** R-L3: disables an application: its secret, tokens and sign-ins stop at once; the row stays for history. */
export async function disableApp(ctx: Ctx, appId: string): Promise<void> {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'registerApp', ctx.clock.now());
  await inTx(ctx.db, async (tx) => {
    const before = await q.findApp(tx, appId, true);
    if (!before) throw new AppError('not_found');
    if (before.disabled_at) return;
    const app = await q.updateApp(tx, appId, { disabled_at: ctx.clock.now() });
    await recordAudit(tx, actor, 'app.disabled', { orgId: null, targetType: 'app', targetId: app.id, before: toAppView(before), after: toAppView(app) });
    await publishEvent(tx, { type: 'apps.changed', clientId: app.client_id, cause: 'app.disabled' });
  });
}

/**
 * Per node: enabled applications by client id, and which secret (by SHA-256) was last verified for each, so a token
 * request costs one argon2id verification per secret and node, not one per request. Dropped on `apps.changed` (any
 * node) and whenever the node cannot hear changes.
 */
interface AppsCache {
  byClientId: Map<string, q.AppRow | null>;
  verified: Map<string, string>;
}
const caches = new WeakMap<object, AppsCache>();

function appsCacheOf(deps: Pick<Deps, 'events'>): AppsCache {
  let c = caches.get(deps.events);
  if (!c) {
    const cache: AppsCache = { byClientId: new Map(), verified: new Map() };
    const drop = () => {
      cache.byClientId.clear();
      cache.verified.clear();
    };
    deps.events.subscribe('apps.changed', (e) => {
      cache.byClientId.delete(e.clientId);
      cache.verified.delete(e.clientId);
    });
    deps.events.subscribe('events.down', drop);
    deps.events.subscribe('events.lost', drop);
    caches.set(deps.events, (c = cache));
  }
  return c;
}

/** The enabled application with this client id, or null (unknown or disabled). */
export async function enabledApp(deps: Pick<Deps, 'db' | 'events'>, clientId: string): Promise<q.AppRow | null> {
  const cache = appsCacheOf(deps);
  const usable = deps.events.listening;
  if (usable && cache.byClientId.has(clientId)) return cache.byClientId.get(clientId)!;
  const row = (await q.findAppByClientId(deps.db, clientId)) ?? null;
  const app = row && !row.disabled_at ? row : null;
  if (usable && deps.events.listening) cache.byClientId.set(clientId, app);
  return app;
}

/** Whether `secret` is the current secret of the enabled application `clientId` (argon2id, remembered per node). */
export async function verifyAppSecret(deps: Pick<Deps, 'db' | 'events'>, clientId: string, secret: string): Promise<q.AppRow | null> {
  const app = await enabledApp(deps, clientId);
  if (!app) {
    await verifyPassword(null, secret);
    return null;
  }
  const cache = appsCacheOf(deps);
  const digest = createHash('sha256').update(`${app.secret_hash}\n${secret}`).digest('base64url');
  if (cache.verified.get(clientId) === digest) return app;
  if (!(await verifyPassword(app.secret_hash, secret))) return null;
  if (deps.events.listening) cache.verified.set(clientId, digest);
  return app;
}

/**
 * The caller of an application whose state this node holds (the check API's hot path: nothing awaited); undefined
 * when the node must ask the database (appCallerOf).
 */
export function heldAppCallerOf(deps: Pick<Deps, 'db' | 'events'>, clientId: string, issuedAtSeconds: number): AppCaller | null | undefined {
  if (!deps.events.listening) return undefined;
  const cache = appsCacheOf(deps);
  const app = cache.byClientId.get(clientId);
  if (app === undefined) return undefined;
  return callerOf(app, issuedAtSeconds);
}

function callerOf(app: q.AppRow | null, issuedAtSeconds: number): AppCaller | null {
  if (!app || issuedAtSeconds < Math.floor(app.secret_rotated_at.getTime() / 1000)) return null;
  let caller = callers.get(app);
  if (!caller) callers.set(app, (caller = { appId: app.id, clientId: app.client_id, name: app.name }));
  return caller;
}
/** One caller object per held application row: the hot path allocates nothing for it. */
const callers = new WeakMap<q.AppRow, AppCaller>();

/** The caller behind a verified client-credentials token: its application, if enabled and the token not older than its secret. */
export async function appCallerOf(deps: Pick<Deps, 'db' | 'events'>, clientId: string, issuedAtSeconds: number): Promise<AppCaller | null> {
  return callerOf(await enabledApp(deps, clientId), issuedAtSeconds);
}

/** The example module application of the demo data (examples/module-app): a fixed, publicly known secret — demo only. */
export const EXAMPLE_APP = {
  name: 'Example module app',
  clientId: 'nyckel-example-app',
  secret: 'nyckel-example-secret',
  redirectUris: ['http://localhost:3001/callback'],
  postLogoutRedirectUris: ['http://localhost:3001/'],
  modules: ['accounting', 'payroll'],
};

/** Registers the demo's example application in the demo data's transaction (NYCKEL_DEMO=1 only). */
export async function registerExampleApp(tx: Queryable): Promise<void> {
  const app = await q.insertApp(tx, {
    id: newId(),
    name: EXAMPLE_APP.name,
    clientId: EXAMPLE_APP.clientId,
    secretHash: await hashPassword(EXAMPLE_APP.secret),
    redirectUris: EXAMPLE_APP.redirectUris,
    postLogoutRedirectUris: EXAMPLE_APP.postLogoutRedirectUris,
    modules: EXAMPLE_APP.modules,
    createdBy: null,
  });
  await recordAudit(tx, null, 'app.registered', { orgId: null, targetType: 'app', targetId: app.id, after: toAppView(app) });
}
