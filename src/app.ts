import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { auditRoutes } from './audit/routes.js';
import { registerAuthentication } from './auth/hook.js';
import { authRoutes } from './auth/routes.js';
import { catalogueRoutes } from './catalogue/routes.js';
import { checkRoutes } from './check/routes.js';
import { appRoutes } from './apps/routes.js';
import { oidcRoutes } from './oidc/routes.js';
import { oidcMount } from './oidc/provider.js';
import { oidcJobs } from './oidc/jobs.js';
import type { Deps } from './kernel/auth-context.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { lockDataDir } from './kernel/data-dir-lock.js';
import { openPGlite, openPostgres, type Database } from './kernel/db.js';
import { Events } from './kernel/events.js';
import { createHttpServer, sendProblem } from './kernel/http.js';
import { Jobs } from './kernel/jobs.js';
import { MailDelivery } from './kernel/mail.js';
import { migrate } from './kernel/migrate.js';
import { mailJobs } from './mail/jobs.js';
import { mailRoutes } from './mail/routes.js';
import { orgRoutes } from './orgs/routes.js';
import { licenseRoutes } from './licenses/routes.js';
import { userJobs } from './users/jobs.js';
import { userRoutes } from './users/routes.js';
import { roleRoutes } from './roles/routes.js';
import { partnerRoutes } from './partners/routes.js';

const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../console/dist');
export const VERSION = '0.1.0';

/** Opens the configured database: PostgreSQL via DATABASE_URL, else PGlite in NYCKEL_DATA_DIR (locked). */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const unlock = lockDataDir(config.dataDir);
  try {
    const database = await openPGlite(path.join(config.dataDir, 'pglite'));
    return {
      ...database,
      close: async () => {
        await database.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

export interface Nyckel {
  app: FastifyInstance;
  deps: Deps;
  mail: MailDelivery;
  close(): Promise<void>;
}

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: boolean;
  pollingIntervalSeconds?: number;
}

/** Builds the whole service on an open database: migrations, jobs, mail delivery and the HTTP API under /api/v1. */
export async function buildApp(options: BuildOptions): Promise<Nyckel> {
  const { config, database } = options;
  await migrate(database);
  const jobs = new Jobs(database.db, database.executor, {
    soleProcess: database.kind === 'pglite',
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
  });
  await jobs.start();
  const events = new Events(database);
  await events.start();
  const deps: Deps = { db: database.db, dbKind: database.kind, config, clock: options.clock ?? systemClock, jobs, events };
  const mail = new MailDelivery(database.db, jobs, config.smtpUrl, config.mailRetryBaseMs);
  // Every queue of every capability, from their jobs.ts: created here, worked and scheduled from this one list.
  await jobs.register([...mailJobs(mail), ...userJobs(deps), ...oidcJobs(deps)]);
  await mail.start();

  const app = createHttpServer({ logger: options.logger ?? false, queryCountHeader: config.queryCountHeader });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Nyckel API', version: VERSION, description: 'Client and user administration. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nyckel_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuthentication(app, deps);

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
      typed.get(
        '/health',
        { config: { auth: 'public' }, schema: { tags: ['meta'], response: { 200: z.object({ ok: z.boolean(), database: z.string() }) } } },
        () => ({ ok: true, database: database.kind }),
      );
      await api.register(authRoutes(deps));
      await api.register(catalogueRoutes);
      await api.register(orgRoutes);
      await api.register(auditRoutes);
      await api.register(mailRoutes);
      await api.register(licenseRoutes);
      await api.register(userRoutes);
      await api.register(roleRoutes);
      await api.register(partnerRoutes);
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
  return {
    app,
    deps,
    mail,
    async close() {
      await app.close();
      await jobs.stop();
      await events.stop();
      await database.close();
    },
  };
}
