import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import Provider, { errors, type Account, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { enabledApp, verifyAppSecret } from '../apps/service.js';
import { findAccountById } from '../auth/service.js';
import { usableModules } from '../check/service.js';
import type { Deps } from '../kernel/auth-context.js';
import { randomToken } from '../kernel/crypto.js';
import { DbAdapter } from './adapter.js';
import { loadKeys, publicJwk, type KeySet } from './keys.js';
import * as q from './queries.js';

/**
 * R-L3: Nyckel as an OpenID Connect provider, with `oidc-provider` (OpenID certified) doing every protocol step.
 * Mounted beside /api/v1: discovery at /.well-known/openid-configuration, endpoints under /oidc/. Authorization code
 * with PKCE (S256, required), refresh tokens rotated on every use, RP-initiated logout, client credentials for the
 * check and access APIs (JWT access tokens for the Nyckel API audience, verified by every node without a database
 * call), JWKS from the keys in the database. Sign-in is Nyckel's own (the console's sign-in page and session), then
 * the organisation chooser (interactions.ts); the chosen organisation is kept per grant.
 */

/** The audience of access tokens for Nyckel's own API (the check and access questions). */
export const apiAudience = (issuer: string) => `${issuer}/api/v1`;
export const CHECK_SCOPE = 'nyckel:check';
/** Scopes a relying party may ask for; `org` is implied: the chosen organisation is in every token of the grant. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email'];
const CLIENT_CREDENTIALS_TTL = 600;

/** The client secret verified for this request (argon2id against the stored hash), handed to oidc-provider's client. */
const presented = new AsyncLocalStorage<{ clientId: string; secret: string }>();
/** What oidc-provider compares a secret with when none was verified: random, never presented by anyone. */
const UNGUESSABLE = randomToken('unverified_');

export interface ProviderHolder {
  provider: Provider;
  callback: (req: IncomingMessage, res: ServerResponse) => void;
  issuer: string;
  keys: KeySet;
  /** The published public keys, to verify access tokens locally. */
  verifyKeys: ReturnType<typeof createLocalJWKSet>;
}

interface Slot {
  holder: Promise<ProviderHolder>;
  checkedAt: number;
}
const slots = new WeakMap<object, Slot>();
const RECHECK_KEYS_MS = 10_000;

/** This node's provider, rebuilt when the published keys (another node rotated them) or the public URL change. */
export async function providerOf(deps: Deps): Promise<ProviderHolder> {
  const slot = slots.get(deps.events);
  if (slot && Date.now() - slot.checkedAt < RECHECK_KEYS_MS) {
    const held = await slot.holder;
    if (held.issuer === deps.config.publicUrl) return held;
  }
  const next: Slot = {
    checkedAt: Date.now(),
    holder: (async () => {
      const keys = await loadKeys(deps.db, deps.clock.now());
      const held = slot ? await slot.holder.catch(() => null) : null;
      if (held && held.keys.version === keys.version && held.issuer === deps.config.publicUrl) return held;
      return buildProvider(deps, keys);
    })(),
  };
  slots.set(deps.events, next);
  try {
    return await next.holder;
  } catch (err) {
    slots.delete(deps.events);
    throw err;
  }
}

/** Forgets this node's provider so the next request builds it afresh (after a key rotation on this node). */
export function dropProvider(deps: Pick<Deps, 'events'>): void {
  slots.delete(deps.events);
}

/** The organisation claims of a grant (org_id, org_name, user_type, modules) — null when the grant has none. */
export async function orgClaimsOf(deps: Deps, accountId: string, grantId: string | undefined, clientId: string | undefined) {
  if (!grantId) return null;
  const g = await q.findGrantOrg(deps.db, grantId);
  if (!g || g.account_id !== accountId) return null;
  const app = clientId ? await enabledApp(deps, clientId) : null;
  const usable = await usableModules(deps, accountId, g.org_id, app?.modules.length ? app.modules : null);
  return { org_id: g.org_id, org_name: g.org_name, user_type: usable.type, modules: usable.modules };
}

function buildProvider(deps: Deps, keys: KeySet): ProviderHolder {
  const issuer = deps.config.publicUrl;
  const audience = apiAudience(issuer);
  const clientAdapter = {
    async find(clientId: string) {
      const app = await enabledApp(deps, clientId);
      if (!app) return undefined;
      const verified = presented.getStore();
      const signsIn = app.redirect_uris.length > 0;
      return {
        client_id: app.client_id,
        client_secret: verified?.clientId === clientId ? verified.secret : UNGUESSABLE,
        client_name: app.name,
        redirect_uris: app.redirect_uris,
        post_logout_redirect_uris: app.post_logout_redirect_uris,
        grant_types: signsIn ? ['authorization_code', 'refresh_token', 'client_credentials'] : ['client_credentials'],
        response_types: signsIn ? ['code'] : [],
        token_endpoint_auth_method: 'client_secret_basic',
      };
    },
  };

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? (clientAdapter as never) : new DbAdapter(deps.db, name)),
    clientAuthMethods: ['client_secret_basic'],
    cookies: { keys: keys.cookies },
    jwks: { keys: keys.signing as never },
    scopes: OIDC_SCOPES,
    claims: {
      openid: ['sub', 'org_id', 'org_name', 'user_type', 'modules'],
      profile: ['name', 'given_name', 'family_name', 'locale'],
      email: ['email', 'email_verified'],
    },
    // The chosen organisation and the user's name go into the ID token itself, not only the userinfo answer.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    routes: {
      authorization: '/oidc/auth',
      backchannel_authentication: '/oidc/backchannel',
      challenge: '/oidc/challenge',
      code_verification: '/oidc/device',
      credential: '/oidc/credential',
      device_authorization: '/oidc/device/auth',
      end_session: '/oidc/session/end',
      introspection: '/oidc/token/introspection',
      jwks: '/oidc/jwks',
      pushed_authorization_request: '/oidc/request',
      registration: '/oidc/reg',
      revocation: '/oidc/token/revocation',
      token: '/oidc/token',
      userinfo: '/oidc/me',
    },
    // The console's "sign in to <app>" page and organisation chooser.
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/authorize/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Client credentials are for Nyckel's API; sign-in tokens stay for the userinfo endpoint unless a resource is asked.
        defaultResource: async (ctx: KoaContextWithOIDC) => (ctx.oidc.params?.grant_type === 'client_credentials' ? audience : undefined),
        useGrantedResource: async () => false,
        getResourceServerInfo: async (ctx: KoaContextWithOIDC, resource: string) => {
          if (resource !== audience || ctx.oidc.params?.grant_type !== 'client_credentials') throw new errors.InvalidTarget();
          return { scope: CHECK_SCOPE, audience, accessTokenTTL: CLIENT_CREDENTIALS_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      ClientCredentials: CLIENT_CREDENTIALS_TTL,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      RefreshToken: 14 * 24 * 3600,
    },
    // Refresh tokens rotate on every use; a used one presented again revokes the whole grant.
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: { grantTypeAllowed(t: string): boolean }, code: { scopes: Set<string> }) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    // Every authorization goes through the chooser (the user may pick another organisation): no silent reuse of a grant.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    /**
     * The account behind a token, asked by oidc-provider at code exchange, refresh and userinfo. When the organisation
     * chosen for the grant no longer gives the account any module of the application (deactivated, expired, access
     * removed …: the access rule through the check), there is no account: the code or refresh token is refused.
     */
    findAccount: async (ctx: KoaContextWithOIDC, sub: string, token?: { grantId?: string }): Promise<Account | undefined> => {
      const account = await findAccountById(deps.db, sub);
      if (!account) return undefined;
      const grantId = token?.grantId ?? (ctx.oidc.entities as { Grant?: { jti?: string } }).Grant?.jti;
      const org = await orgClaimsOf(deps, sub, grantId, ctx.oidc.client?.clientId);
      if (token && grantId && (!org || org.modules.length === 0)) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: `${account.first_name} ${account.last_name}`,
          given_name: account.first_name,
          family_name: account.last_name,
          locale: account.language,
          ...(org ?? {}),
        }),
      };
    },
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token: { accountId?: string; grantId?: string; clientId?: string }) => {
      if (!token.accountId) return undefined;
      return (await orgClaimsOf(deps, token.accountId, token.grantId, token.clientId ?? ctx.oidc.client?.clientId)) ?? undefined;
    },
  } as unknown as Configuration;

  const provider = new Provider(issuer, configuration);
  provider.proxy = issuer.startsWith('https:');
  provider.on('server_error', (_ctx: unknown, err: Error) => console.error('[oidc] server error:', err));
  const jwks: JSONWebKeySet = { keys: keys.signing.map(publicJwk) as never };
  return { provider, callback: provider.callback(), issuer, keys, verifyKeys: createLocalJWKSet(jwks) };
}

/** Client secrets of `Authorization: Basic` (RFC 6749 §2.3.1: form-encoded, then base64). */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | null {
  const m = header && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return null;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  const clientId = decode(text.slice(0, i));
  const secret = decode(text.slice(i + 1));
  return clientId && secret ? { clientId, secret } : null;
}

/** Mounts the provider on the Fastify app: the raw request goes to oidc-provider untouched (it reads its own bodies). */
export async function oidcMount(root: FastifyInstance, deps: Deps) {
  await root.register(async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const handle = async (req: FastifyRequest, reply: FastifyReply) => {
      const holder = await providerOf(deps);
      // A client secret is verified here against its argon2id hash; oidc-provider then sees it as the client's.
      const basic = basicCredentials(req.headers.authorization);
      const verified = basic && (await verifyAppSecret(deps, basic.clientId, basic.secret)) ? basic : null;
      reply.hijack();
      if (verified) presented.run(verified, () => holder.callback(req.raw, reply.raw));
      else holder.callback(req.raw, reply.raw);
    };
    const config = { auth: 'public' as const };
    app.all('/oidc/*', { config, schema: { hide: true } }, handle);
    app.all('/.well-known/openid-configuration', { config, schema: { hide: true } }, handle);
    app.all('/.well-known/oauth-authorization-server', { config, schema: { hide: true } }, handle);
  });
}
