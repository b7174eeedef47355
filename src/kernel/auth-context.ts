import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { DB } from './db.js';
import type { Jobs } from './jobs.js';
import { AppError } from './errors.js';

export type Language = 'en' | 'sv' | 'fi' | 'nb';

/** Who is calling: a signed-in account (session cookie or API token). */
export interface Actor {
  accountId: string;
  name: string;
  email: string;
  operator: boolean;
  language: Language;
  via: 'session' | 'token';
}

/** What every service needs; built once per process by buildApp. */
export interface Deps {
  db: Kysely<DB>;
  /** PostgreSQL streams long reads with a cursor; PGlite (one shared connection) reads them in keyset batches. */
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: Clock;
  jobs: Jobs;
}

/** The context a service call runs in. Services take this, never the HTTP request. */
export interface Ctx extends Deps {
  actor: Actor | null;
  ip: string;
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('unauthenticated');
  return ctx.actor;
}
