import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { DB } from './db.js';
import type { Events } from './events.js';
import type { Jobs } from './jobs.js';
import { AppError } from './errors.js';

export type Language = 'en' | 'sv' | 'fi' | 'nb';

/**
 * Who is calling: a signed-in account (session cookie or API token), or a background job acting for the account
 * that started it (`via: 'job'`, delegated: the policy decides with that account's rights, item by item).
 */
export interface Actor {
  accountId: string;
  name: string;
  email: string;
  operator: boolean;
  language: Language;
  via: 'session' | 'token' | 'job';
  /**
   * The session passed a second factor (TOTP, passkey or recovery code) at sign-in or by enrolling one; an API token
   * carries it when made in such a session. Organisations that require MFA, and operators in production, need it.
   */
  mfa?: boolean;
  /** The job run a delegated actor works for. */
  jobRunId?: string;
}

/** A module application calling with its client-credentials access token (R-L3): it asks, it changes nothing. */
export interface AppCaller {
  appId: string;
  clientId: string;
  name: string;
}

/** A background job on its own authority (expiry, mail, sweeps): the policy grants it system actions only. */
export interface SystemActor {
  system: true;
  /** The job's queue name, written into audit events as the actor's name. */
  job: string;
}

/** The actor a job runs as when an account started it (R-H2: the initiator's rights decide each item). */
export function delegatedActor(initiator: Actor, jobRunId: string): Actor {
  return { ...initiator, via: 'job', jobRunId };
}

export const systemActor = (job: string): SystemActor => ({ system: true, job });

/** What every service needs; built once per process by buildApp. */
export interface Deps {
  db: Kysely<DB>;
  /** PostgreSQL streams long reads with a cursor; PGlite (one shared connection) reads them in keyset batches. */
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: Clock;
  jobs: Jobs;
  /** Change events after commit (access.changed …), to this process and, on PostgreSQL, to every node. */
  events: Events;
}

/** The context a service call runs in. Services take this, never the HTTP request. */
export interface Ctx extends Deps {
  actor: Actor | null;
  /** A module application's client-credentials token (R-L3); absent or null for everything else. */
  app?: AppCaller | null;
  ip: string;
}

/**
 * A request's context before its caller is known. Written out field by field on purpose: V8 (Node 20) takes a slow
 * path for `{ ...deps, actor, app, ip }` (a spread followed by new properties), ~5 µs per request on the check API's
 * hot path, against ~10 ns for this literal. TypeScript keeps it complete: every field of Ctx is required here.
 */
export function requestContext(deps: Deps, ip: string): Ctx {
  return { db: deps.db, dbKind: deps.dbKind, config: deps.config, clock: deps.clock, jobs: deps.jobs, events: deps.events, actor: null, app: null, ip };
}

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('unauthenticated');
  return ctx.actor;
}
