import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Ctx } from './auth-context.js';
import { isDatabaseUnavailable, openPostgres, type Database } from './db.js';

/**
 * Read routing (issue 12): lag-tolerant reads of signed-in console users — the user list and its export, the audit
 * view, an account's access list — go to a streaming replica (`DATABASE_READ_URL`) when it is up and has replayed
 * the caller's own last write; everything else, and every read of API tokens and module applications, goes to the
 * primary.
 *
 * Read-your-writes by LSN: after a successful write of a session, the answer sets the cookie `nyckel_lsn` to the
 * primary's WAL position after the commit (`pg_current_wal_lsn()`); a later routed read goes to the replica only if
 * its replayed position (`pg_last_wal_replay_lsn()`, polled every 200 ms by each node) has reached it, else to the
 * primary. The cookie travels with the browser, so it holds whichever node answers. A replica that does not answer
 * sends every read to the primary, with no error to the user.
 */
export const LSN_COOKIE = 'nyckel_lsn';
const POLL_MS = 200;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A PostgreSQL WAL position "16/B374D848" as a number; null when it is not one. */
export function parseLsn(text: string | undefined | null): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

/** The replica of one node: its pool and what it has replayed, as last polled. */
export class ReadReplica {
  up = false;
  /** The last WAL position the replica has replayed; null with `inRecovery` false: it is not a standby (all current). */
  replayed: bigint | null = null;
  inRecovery = true;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  private constructor(readonly database: Database) {}

  static async open(url: string, poolSize = 10): Promise<ReadReplica> {
    // A short connect timeout: a replica that is away is noticed within a second and its reads go to the primary.
    const replica = new ReadReplica(await openPostgres(url, poolSize, { connectTimeoutMs: 1_000 }));
    await replica.poll();
    replica.timer = setInterval(() => void replica.poll(), POLL_MS);
    replica.timer.unref();
    return replica;
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const r = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(this.database.db);
      const lsn = r.rows[0]?.lsn ?? null;
      this.inRecovery = lsn !== null;
      this.replayed = parseLsn(lsn);
      this.up = true;
    } catch {
      this.up = false;
    } finally {
      this.polling = false;
    }
  }

  /** Whether a read that must see `minLsn` (null: nothing in particular) may go to the replica. */
  serves(minLsn: bigint | null): boolean {
    if (!this.up) return false;
    if (minLsn === null || !this.inRecovery) return true;
    return this.replayed !== null && this.replayed >= minLsn;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.database.close();
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Runs a lag-tolerant read with a context whose `db` is the replica when this caller may read there, else the
     * primary. A replica that fails to answer is marked down and the read runs again on the primary.
     */
    onReplica<T>(read: (ctx: Ctx) => Promise<T>): Promise<T>;
  }
}

/** Which database a routed read of `req` uses: the replica or null (the primary). */
function replicaFor(req: FastifyRequest, replica: ReadReplica | null): ReadReplica | null {
  if (!replica || req.ctx?.actor?.via !== 'session') return null;
  return replica.serves(parseLsn(req.cookies?.[LSN_COOKIE])) ? replica : null;
}

export function registerReadRouting(app: FastifyInstance, replica: ReadReplica | null, secureCookies: boolean): void {
  app.decorateRequest('onReplica', async function onReplica<T>(this: FastifyRequest, read: (ctx: Ctx) => Promise<T>): Promise<T> {
    const chosen = replicaFor(this, replica);
    if (!chosen) return read(this.ctx);
    try {
      return await read({ ...this.ctx, db: chosen.database.db });
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      chosen.up = false;
      return read(this.ctx);
    }
  });
  if (!replica) return;
  // After a session's write: where the primary's WAL is now, so this caller's next routed read sees its own change.
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!WRITES.has(req.method) || reply.statusCode >= 400 || req.ctx?.actor?.via !== 'session') return;
    try {
      const r = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(req.ctx.db);
      reply.setCookie(LSN_COOKIE, r.rows[0].lsn, { path: '/api/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
    } catch {
      // The primary went away after the write: the caller's next reads find the replica behind or go to the primary.
    }
  });
}
