import path from 'node:path';

export interface Config {
  databaseUrl: string | undefined;
  /**
   * DATABASE_READ_URL: a streaming replica of DATABASE_URL for lag-tolerant reads of console sessions (the user list and
   * export, the audit view, access lists); each caller still reads its own writes (kernel/read-routing.ts).
   */
  databaseReadUrl: string | undefined;
  /**
   * NYCKEL_DB_POOL_SIZE: connections this node keeps to PostgreSQL (default 10; the replica gets as many). Every node
   * of a cluster together must stay under the server's max_connections (docs/operations.md, "Sizing the pools").
   */
  dbPoolSize: number;
  /**
   * NYCKEL_DB_ACQUIRE_TIMEOUT_MS: how long a request waits for a free pooled connection before it answers 503
   * database_unavailable (default 10,000). A connection that cannot be made at all fails after 5 s regardless.
   */
  dbAcquireTimeoutMs: number;
  dataDir: string;
  /**
   * NYCKEL_PGLITE_SHARED_BUFFERS: the embedded database's shared_buffers (e.g. `32MB`; default PGlite's, 128MB). PGlite
   * zeroes all of it when it opens (~0.5–1.5 s of a loaded 2-core machine at 128MB): less starts faster, while pages
   * beyond it are read from the operating system's cache (docs/operations.md, "Start-up time").
   */
  pgliteSharedBuffers: string | undefined;
  port: number;
  host: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  demo: boolean;
  publicUrl: string;
  registryFiUrl: string;
  registryNoUrl: string;
  production: boolean;
  /** The dev mailbox exists only without SMTP and never in production mode. */
  devMailbox: boolean;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Serve the built console from console/dist. */
  serveConsole: boolean;
  /** First retry delay of a mail after a temporary SMTP failure; doubles per attempt, capped at 30 min. */
  mailRetryBaseMs: number;
  /** How long a business-registry lookup may take before it answers registry_unavailable. */
  registryTimeoutMs: number;
  /** NYCKEL_QUERY_COUNT=1: every answer carries X-Nyckel-Queries, the SQL statements it took (tests, bench). */
  queryCountHeader: boolean;
  /**
   * NYCKEL_TRUSTED_PROXIES: addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (comma
   * separated; default none: the client address is the TCP peer's). Throttling per IP depends on it.
   */
  trustedProxies: string[];
  /**
   * NYCKEL_USER_LIST_TOTAL_CAP: the user list counts matches up to this many (default 10,000); beyond it the total
   * is answered as `totalKind: 'atLeast'` (the console shows "10,000+ users"), so a count never walks a million rows.
   */
  userListTotalCap: number;
  /**
   * NYCKEL_USER_LIST_WINDOW: how many rows of the sort order a free-text page walks before it looks the term up in
   * the trigram index instead (default 2,500; src/users/queries.ts listUsersPage). Tests set it small.
   */
  userListWindow: number;
}

/** Start-up settings from the environment (SPEC §4, "Start-up settings"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const production = env.NODE_ENV === 'production';
  const smtpUrl = env.NYCKEL_SMTP_URL || undefined;
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dbPoolSize: Math.max(1, Number(env.NYCKEL_DB_POOL_SIZE ?? 10) || 10),
    dbAcquireTimeoutMs: Math.max(1, Number(env.NYCKEL_DB_ACQUIRE_TIMEOUT_MS ?? 10_000) || 10_000),
    dataDir: path.resolve(env.NYCKEL_DATA_DIR || './data'),
    pgliteSharedBuffers: /^\d+(kB|MB|GB)$/.test(env.NYCKEL_PGLITE_SHARED_BUFFERS ?? '') ? env.NYCKEL_PGLITE_SHARED_BUFFERS : undefined,
    port,
    // Loopback unless HOST says otherwise: a development start is not reachable from the network by accident.
    host: env.HOST || '127.0.0.1',
    adminEmail: env.NYCKEL_ADMIN_EMAIL || undefined,
    adminPassword: env.NYCKEL_ADMIN_PASSWORD || undefined,
    smtpUrl,
    demo: env.NYCKEL_DEMO === '1' || env.NYCKEL_DEMO === 'true',
    publicUrl: (env.NYCKEL_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    registryFiUrl: env.NYCKEL_REGISTRY_FI_URL || 'https://avoindata.prh.fi/opendata-ytj-api/v3',
    registryNoUrl: env.NYCKEL_REGISTRY_NO_URL || 'https://data.brreg.no/enhetsregisteret/api',
    production,
    devMailbox: !smtpUrl && !production,
    sessionHours: Number(env.NYCKEL_SESSION_HOURS ?? 12),
    serveConsole: env.NYCKEL_SERVE_CONSOLE !== '0',
    mailRetryBaseMs: Number(env.NYCKEL_MAIL_RETRY_BASE_MS ?? 5000),
    registryTimeoutMs: Number(env.NYCKEL_REGISTRY_TIMEOUT_MS ?? 5000),
    queryCountHeader: env.NYCKEL_QUERY_COUNT === '1',
    trustedProxies: (env.NYCKEL_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    userListTotalCap: Math.max(1, Number(env.NYCKEL_USER_LIST_TOTAL_CAP ?? 10_000) || 10_000),
    userListWindow: Math.max(1, Number(env.NYCKEL_USER_LIST_WINDOW ?? 2_500) || 2_500),
  };
}
