import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { auditRoutes } from './audit/routes.js';
import { registerAuthentication } from './auth/hook.js';
import { authJobs } from './auth/jobs.js';
import { authRoutes } from './auth/routes.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { checkRoutes } from './check/routes.js';
import { appRoutes } from './apps/routes.js';
import { oidcRoutes } from './oidc/routes.js';
import { oidcMount } from './oidc/provider.js';
import { oidcJobs } from './oidc/jobs.js';
import type { Deps } from './kernel/auth-context.js';
import { systemClock, type Clock } from './kernel/clock.js';
import type { Database } from './kernel/db.js';
import { Events } from './kernel/events.js';
import { createHttpServer, DATABASE_RETRY_AFTER_SECONDS, sendProblem } from './kernel/http.js';
import { Jobs } from './kernel/jobs.js';
import { MailDelivery } from './kernel/mail.js';
import { migrate } from './kernel/migrate.js';
import { ReadReplica, registerReadRouting } from './kernel/read-routing.js';
import { registerSecurityHeaders, securityHeaderOptions } from './kernel/security-headers.js';
import { mailJobs } from './mail/jobs.js';
import { mailRoutes } from './mail/routes.js';
import { mfaRoutes } from './mfa/routes.js';
import { orgRoutes } from './orgs/routes.js';
import { licenseRoutes } from './licenses/routes.js';
import { userJobs } from './users/jobs.js';
import { userRoutes } from './users/routes.js';
import { roleRoutes } from './roles/routes.js';
import { partnerRoutes } from './partners/routes.js';
import { officeRoutes } from './offices/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { accessJobJobs } from './access-jobs/jobs.js';
import { accessJobRoutes } from './access-jobs/routes.js';
import { documentedObject, documentedTransform, type ApiDocs } from './kernel/openapi.js';
import { metaApiDocs } from './kernel/meta-api-docs.js';
import { authApiDocs } from './auth/api-docs.js';
import { catalogueApiDocs } from './catalogue/api-docs.js';
import { orgApiDocs } from './orgs/api-docs.js';
import { auditApiDocs } from './audit/api-docs.js';
import { mailApiDocs } from './mail/api-docs.js';
import { licenseApiDocs } from './licenses/api-docs.js';
import { userApiDocs } from './users/api-docs.js';
import { roleApiDocs } from './roles/api-docs.js';
import { mfaApiDocs } from './mfa/api-docs.js';
import { conversionApiDocs } from './conversion/api-docs.js';
import { checkApiDocs } from './check/api-docs.js';
import { appApiDocs } from './apps/api-docs.js';
import { oidcApiDocs } from './oidc/api-docs.js';
import { partnerApiDocs } from './partners/api-docs.js';
import { officeApiDocs } from './offices/api-docs.js';
import { notificationApiDocs } from './notifications/api-docs.js';
import { accessJobApiDocs } from './access-jobs/api-docs.js';
import { conversionRoutes } from './conversion/routes.js';

const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../console/dist');
export const VERSION = '0.1.0';
export { openDatabase } from './kernel/open-database.js';

/**
 * Every capability's OpenAPI words (its api-docs.ts), from this one list like the job definitions: operationId,
 * summary, description, its problem codes, examples and headers (docs/api.md "Documenting an operation").
 */
export const API_DOCS: ApiDocs = {
  ...metaApiDocs,
  ...authApiDocs,
  ...catalogueApiDocs,
  ...orgApiDocs,
  ...auditApiDocs,
  ...mailApiDocs,
  ...licenseApiDocs,
  ...userApiDocs,
  ...roleApiDocs,
  ...mfaApiDocs,
  ...conversionApiDocs,
  ...checkApiDocs,
  ...appApiDocs,
  ...oidcApiDocs,
  ...partnerApiDocs,
  ...officeApiDocs,
  ...notificationApiDocs,
  ...accessJobApiDocs,
};

/** A route as registered (for the test that every API route is documented). */
export interface RouteEntry {
  method: string;
  url: string;
  auth: 'public' | 'optional' | undefined;
  hidden: boolean;
}

export interface Nyckel {
  app: FastifyInstance;
  /** Every route registered, in order. */
  routes: RouteEntry[];
  deps: Deps;
  mail: MailDelivery;
  /** Starts the job workers and schedules when built with deferWork (a no-op otherwise). */
  startWork(): Promise<void>;
  close(): Promise<void>;
}

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
  pollingIntervalSeconds?: number;
  /**
   * Issue 12 §4: create every queue but start the workers and schedules only when the caller calls startWork (the
   * server does once it listens). Default: at once.
   */
  deferWork?: boolean;
}

/** Builds the whole service on an open database: migrations, jobs, mail delivery and the HTTP API under /api/v1. */
export async function buildApp(options: BuildOptions): Promise<Nyckel> {
  const { config, database } = options;
  const jobs = new Jobs(database.db, database.executor, {
    soleProcess: database.kind === 'pglite',
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
  });
  const events = new Events(database);
  const deps: Deps = { db: database.db, dbKind: database.kind, config, clock: options.clock ?? systemClock, jobs, events };
  const mail = new MailDelivery(database.db, jobs, config.smtpUrl, config.mailRetryBaseMs);
  // Issue 12: a streaming replica for lag-tolerant reads (PostgreSQL only; the embedded database has none).
  const replica = config.databaseReadUrl && database.kind === 'postgres' ? await ReadReplica.open(config.databaseReadUrl, config.dbPoolSize) : null;

  const app = createHttpServer({ logger: options.logger ?? false, queryCountHeader: config.queryCountHeader, trustedProxies: config.trustedProxies });
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, auth: r.config?.auth, hidden: Boolean((r.schema as { hide?: boolean } | undefined)?.hide) });
    }
  });
  await app.register(cookie);
  registerSecurityHeaders(app, securityHeaderOptions(config.publicUrl));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Nyckel API',
        version: VERSION,
        description: [
          'Client and user administration for multi-tenant B2B software (SPEC §4).',
          '',
          '**Authentication.** Scripts send a personal API token as `Authorization: Bearer nyk_…` (POST /me/api-tokens). Browsers sign in with POST /auth/login: the httpOnly `nyckel_session` cookie, plus the `X-CSRF-Token` header on every write.',
          '',
          '**Errors** are RFC 9457 `application/problem+json` with a stable `code` (schema `Problem`); each operation lists, per status, every code it can answer. `validation_failed` names every wrong field by path with a field code. Request strings may not contain NUL (`invalid_character`).',
          '',
          '**Lists** answer `{items, total, nextCursor}`; pass `nextCursor` back as `cursor` for the next page (`limit` 1–500, default 50).',
        ].join('\n'),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nyckel_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
      tags: [
        { name: 'meta', description: 'Configuration and health (no sign-in).' },
        { name: 'auth', description: 'Sign-in, links from mails, the caller and API tokens (R-G*, R-C13, R-C15).' },
        { name: 'catalogue', description: 'Modules, access packages and roles (SPEC §2).' },
        { name: 'organisations', description: 'Organisations (R-A*).' },
        { name: 'users', description: 'Users, the user list and lifecycle (R-C*, R-D*).' },
        { name: 'roles', description: 'Role assignments on the organisation, projects and sites (R-E*).' },
        { name: 'projects', description: 'Projects (R-E2).' },
        { name: 'sites', description: 'Sites (R-E2).' },
        { name: 'licenses', description: 'License pools and orders (R-B*).' },
        { name: 'partners', description: 'Partner organisations and business registries (R-F*).' },
        { name: 'audit', description: 'The audit log (R-K1).' },
        { name: 'notifications', description: 'In-app notifications (R-K2).' },
        { name: 'mail', description: 'The mail outbox (R-K3).' },
      ],
    },
    transform: documentedTransform(API_DOCS),
    transformObject: documentedObject(API_DOCS, [{ url: config.publicUrl, description: 'This Nyckel server' }]),
  });
  // The reference page: descriptions, examples and every problem of each operation; "Try it out" with the session cookie.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, displayOperationId: true, showExtensions: false },
  });
  registerAuthentication(app, deps);
  registerReadRouting(app, replica, config.publicUrl.startsWith('https://'));

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      typed.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () => app.swagger());
      typed.get(
        '/config',
        {
          config: { auth: 'public' },
          schema: { tags: ['meta'], response: { 200: z.object({ devMailbox: z.boolean(), languages: z.array(z.string()), version: z.string() }) } },
        },
        () => ({ devMailbox: config.devMailbox, languages: ['en', 'sv', 'fi', 'nb'], version: VERSION }),
      );
      // SPEC §5 (Scale out, Reliability): for load balancers. 503 names the part that is down, so traffic goes to a node that can serve it.
      const Health = z.object({
        status: z.literal('ok'),
        ok: z.literal(true),
        database: z.literal('up'),
        databaseKind: z.enum(['pglite', 'postgres']),
        events: z.enum(['up', 'down']),
        replica: z.enum(['up', 'down']).optional(),
      });
      typed.get('/health', { config: { auth: 'public' }, schema: { tags: ['meta'], response: { 200: Health } } }, async (_req, reply) => {
        // Other nodes' change events (LISTEN/NOTIFY): while down the node still serves, answering checks from the database.
        const eventsUp = events.listening ? ('up' as const) : ('down' as const);
        if (!(await database.ping())) {
          return sendProblem(reply, 'database_unavailable', {
            detail: 'The database does not answer.',
            headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
            extra: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, database: 'down', events: eventsUp },
          });
        }
        // A replica that is down costs nothing but speed: its reads go to the primary, so the node stays healthy.
        const replicaUp = replica ? { replica: replica.up ? ('up' as const) : ('down' as const) } : {};
        return { status: 'ok' as const, ok: true as const, database: 'up' as const, databaseKind: database.kind, events: eventsUp, ...replicaUp };
      });
      await api.register(authRoutes(deps));
      await api.register(catalogueRoutes);
      await api.register(orgRoutes);
      await api.register(auditRoutes);
      await api.register(mailRoutes);
      await api.register(licenseRoutes);
      await api.register(userRoutes);
      await api.register(roleRoutes);
      await api.register(partnerRoutes);
      await api.register(officeRoutes);
      await api.register(notificationRoutes);
      await api.register(mfaRoutes(deps));
      await api.register(accessJobRoutes);
      await api.register(conversionRoutes);
      await api.register(checkRoutes);
      await api.register(appRoutes);
      await api.register(oidcRoutes);
    },
    { prefix: '/api/v1' },
  );
  // R-L3: the OpenID Connect provider beside the API (discovery at the root, endpoints under /oidc/).
  await oidcMount(app, deps);

  const consoleBuilt = config.serveConsole && existsSync(path.join(CONSOLE_DIST, 'index.html'));
  if (consoleBuilt) {
    // wildcard: files are looked up per request, so a rebuilt console is served without a restart.
    await app.register(fastifyStatic, { root: CONSOLE_DIST, wildcard: true, index: ['index.html'] });
  }
  // The console is a single-page app: unknown non-API GETs get its index.html; everything else a problem.
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    if (consoleBuilt && req.method === 'GET' && !url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, 'not_found', { detail: `No route ${req.method} ${url}` });
  });

  await app.ready();
  // The database's part comes after the routes (issue 12 §4): registering them is JavaScript only, and done first it
  // overlaps with V8 finishing PGlite's WebAssembly on another core, which the first database statements would wait for.
  // Nothing is served before buildApp returns (the caller listens after), so the migrations still precede every request.
  try {
    await migrate(database);
    await jobs.start();
    await events.start();
    // Every queue of every capability, from their jobs.ts: created here, worked and scheduled from this one list.
    await jobs.register([...mailJobs(mail), ...userJobs(deps), ...authJobs(deps), ...accessJobJobs(deps), ...oidcJobs(deps)], {
      deferWork: options.deferWork,
    });
    await mail.start();
  } catch (err) {
    await app.close();
    await jobs.stop().catch(() => undefined);
    await events.stop().catch(() => undefined);
    await replica?.close();
    throw err;
  }
  return {
    app,
    routes,
    deps,
    mail,
    startWork: () => jobs.startWork(),
    async close() {
      await app.close();
      await jobs.stop();
      await events.stop();
      await replica?.close();
      await database.close();
    },
  };
}
