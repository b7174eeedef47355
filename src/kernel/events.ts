import { sql, type Kysely } from 'kysely';
import { newId } from './crypto.js';
import { afterCommit, databaseOf, type Database, type DB, type Queryable } from './db.js';

/**
 * Change events, published only after the transaction that made the change commits: to this process's
 * subscribers and, on PostgreSQL, to every other node with NOTIFY on one channel (JSON payload). PGlite is one
 * process's database, so in-process delivery reaches everyone there.
 */

/**
 * Who has access to what may have changed in `orgId` (null: in every organisation of `accountIds`, or in
 * every organisation when no ids are given). Absent ids mean "anyone there": a subscriber (the check-API
 * cache) then drops the whole organisation.
 */
export interface AccessChanged {
  type: 'access.changed';
  orgId: string | null;
  membershipIds?: string[];
  accountIds?: string[];
  /** What changed it: the audit action (`user.deactivated`, `user.roles_assigned` …). */
  cause: string;
}

/** A module application was registered, rotated its secret or was disabled (R-L3): nodes drop what they hold of it. */
export interface AppsChanged {
  type: 'apps.changed';
  clientId: string;
  cause: string;
}

/** This node's listening connection dropped and came back: events of other nodes may have been missed. */
export interface EventsLost {
  type: 'events.lost';
}

/**
 * This node's listening connection just dropped: until `events.lost` (reconnected) it hears no other node's change,
 * so a cache of access must not answer from what it holds (R-L4).
 */
export interface EventsDown {
  type: 'events.down';
}

export type ChangeEvent = AccessChanged | AppsChanged;
type AnyEvent = ChangeEvent | EventsLost | EventsDown;
export type EventType = AnyEvent['type'];
export type EventOf<K extends EventType> = Extract<AnyEvent, { type: K }>;
type Subscriber<K extends EventType> = (event: EventOf<K>) => void | Promise<void>;

export const EVENTS_CHANNEL = 'nyckel_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; longer events go without their ids. */
const MAX_PAYLOAD = 7_500;

/** The bus of each database handle, so code that has only a Queryable (recordAudit) publishes on it. */
const buses = new WeakMap<Kysely<DB>, Events>();

/** The events bus of one process (on Deps, built by buildApp). */
export class Events {
  readonly nodeId = newId();
  private readonly subscribers = new Map<EventType, Set<Subscriber<any>>>();
  private unlisten: (() => Promise<void>) | null = null;
  /**
   * Whether this node hears every committed change: always on PGlite (one process), on PostgreSQL while the LISTEN
   * connection is up. Subscribers that cache (the check API) answer from the database while it is false.
   */
  listening: boolean;

  constructor(private readonly database: Pick<Database, 'kind' | 'db' | 'listen'>) {
    buses.set(database.db, this);
    this.listening = database.kind !== 'postgres';
  }

  /** On PostgreSQL: starts hearing other nodes' events. */
  async start(): Promise<void> {
    if (this.database.kind !== 'postgres' || !this.database.listen || this.unlisten) return;
    this.unlisten = await this.database.listen(
      EVENTS_CHANNEL,
      (payload) => this.receive(payload),
      () => {
        this.listening = true;
        this.deliver({ type: 'events.lost' });
      },
      () => {
        this.listening = false;
        this.deliver({ type: 'events.down' });
      },
    );
    this.listening = true;
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (this.database.kind === 'postgres') this.listening = false;
    await unlisten?.();
  }

  /** Calls fn with every event of `type`; returns the unsubscribe function. */
  subscribe<K extends EventType>(type: K, fn: Subscriber<K>): () => void {
    let set = this.subscribers.get(type);
    if (!set) this.subscribers.set(type, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  /**
   * Publishes `event` once `q`'s transaction commits, never if it rolls back. The NOTIFY is sent inside that
   * transaction: PostgreSQL delivers it to the other nodes at commit, so a crash right after commit loses nothing.
   */
  async publish(q: Queryable, event: ChangeEvent): Promise<void> {
    if (this.database.kind === 'postgres') {
      await sql`select pg_notify(${EVENTS_CHANNEL}, ${payloadOf(this.nodeId, event)})`.execute(q);
    }
    await afterCommit(q, () => this.deliver(event));
  }

  private receive(payload: string): void {
    let message: { node?: string; event?: ChangeEvent };
    try {
      message = JSON.parse(payload);
    } catch {
      console.error('[events] unreadable notification:', payload.slice(0, 200));
      return;
    }
    // This node's own events were delivered after its commit already.
    if (message.node === this.nodeId || !message.event) return;
    this.deliver(message.event);
  }

  /** Subscribers are called in turn; one that throws or rejects is logged and does not stop the others. */
  private deliver(event: AnyEvent): void {
    for (const fn of this.subscribers.get(event.type) ?? []) {
      try {
        const r = fn(event);
        if (r instanceof Promise) r.catch((err) => logSubscriberError(event, err));
      } catch (err) {
        logSubscriberError(event, err);
      }
    }
  }
}

/** Publishes on the bus of the database `q` belongs to; nothing when it has none (scripts, migrations). */
export async function publishEvent(q: Queryable, event: ChangeEvent): Promise<void> {
  const db = databaseOf(q);
  const bus = db && buses.get(db);
  if (bus) await bus.publish(q, event);
}

function payloadOf(node: string, event: ChangeEvent): string {
  const full = JSON.stringify({ node, event });
  if (Buffer.byteLength(full) <= MAX_PAYLOAD) return full;
  if (event.type !== 'access.changed') return full;
  const { membershipIds: _m, accountIds: _a, ...rest } = event;
  return JSON.stringify({ node, event: rest });
}

function logSubscriberError(event: AnyEvent, err: unknown): void {
  console.error(`[events] a subscriber of ${event.type} failed:`, err instanceof Error ? err.message : err);
}
