import { accessDenial, type AccessOptions, type NoAccessReason } from '../access/effective.js';
import { effectiveModules, type Catalogue } from '../catalogue/service.js';
import type { AccessChanged, Events } from '../kernel/events.js';

/**
 * R-L4: the per-node structure the check answers from — no database call when it holds the pair asked about.
 *
 * It holds, per (organisation, account), the membership's access-rule fields (type, status, validity window), the
 * account's (active, loginValidUntil) and the effective modules as a bit mask, or "no membership". The rule
 * (access/effective.ts accessDenial) is evaluated at every check with the day of the question, so expiry, validFrom and
 * loginValidUntil need no event.
 *
 * Invalidation is by stamps: every entry remembers the sequence number taken *before* its database read; an
 * `access.changed` event raises the stamp of the accounts it names (or the organisation, or everything), and an entry
 * older than any stamp over it is ignored. A change that commits while a read is under way therefore never leaves a
 * stale entry behind. While the node's LISTEN connection is down (`events.listening` false) nothing is read from or
 * written to the cache: every check goes to the database, until the node has reconnected and dropped everything.
 */

export type CheckReason = 'granted' | 'no_membership' | NoAccessReason;

export interface CheckAnswer {
  allowed: boolean;
  reason: CheckReason;
  type: string | null;
  status: string | null;
}

export interface Entry {
  at: number;
  type: string;
  status: string;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  login_valid_until: string | null;
  /**
   * The rule's answer when it cannot change with the day (no validFrom, validUntil or loginValidUntil): computed once
   * by accessDenial when the entry is made; undefined when the day decides, and accessDenial is asked at each check.
   */
  fixed: NoAccessReason | null | undefined;
  /** Effective modules whose catalogue index is below 31, one bit each. */
  mask: number;
  /** Effective modules beyond the mask's 31 bits (a large configured catalogue), usually empty. */
  rest: readonly string[];
  /** The two answers of a membership that gives access (shared objects: the hot path allocates nothing). */
  granted: CheckAnswer;
  notGranted: CheckAnswer;
}

/** An entry saying "this account has no membership here", with the stamp of the read that found none. */
interface Absent {
  at: number;
  absent: true;
}

export interface AccessSource {
  type: string;
  status: string;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  login_valid_until: string | null;
  packages: string[] | null;
  modules: string[] | null;
}

const NO_MEMBERSHIP: CheckAnswer = Object.freeze({ allowed: false, reason: 'no_membership', type: null, status: null }) as CheckAnswer;
const NONE: readonly string[] = Object.freeze([]);
/** The check asks about module access; an invited user is not yet allowed. */
const MODULE_ACCESS: AccessOptions = Object.freeze({ modules: true });
const MASK_BITS = 31;

/** Answers are few (reason × type × status): made once and shared by every entry, so the hot path allocates nothing. */
const answers = new Map<string, CheckAnswer>();
function answerOf(allowed: boolean, reason: CheckReason, type: string, status: string): CheckAnswer {
  const key = `${reason}:${type}:${status}`;
  let a = answers.get(key);
  if (!a) answers.set(key, (a = Object.freeze({ allowed, reason, type, status })));
  return a;
}

export class AccessCache {
  private seq = 1;
  private globalAt = 0;
  private readonly orgAt = new Map<string, number>();
  private readonly accountAt = new Map<string, number>();
  private readonly byOrg = new Map<string, Map<string, Entry | Absent>>();
  private count = 0;
  private readonly bit = new Map<string, number>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly events: Pick<Events, 'listening'>,
    /** Past this many entries the cache starts over (a bound on memory; a refill costs one read per pair). */
    private readonly maxEntries = 5_000_000,
  ) {
    [...catalogue.modules.keys()].forEach((key, i) => {
      if (i < MASK_BITS) this.bit.set(key, 1 << i);
    });
  }

  /** Whether the cache may be used now: only while every other node's change is heard (R-L4). */
  get usable(): boolean {
    return this.events.listening;
  }

  /** The stamp to take before a database read whose result will be put. */
  stamp(): number {
    return this.seq;
  }

  /** The held entry for the pair: an Entry, null (no membership), or undefined (unknown or stale: read the database). */
  get(orgId: string, accountId: string): Entry | null | undefined {
    if (!this.events.listening) return undefined;
    const e = this.byOrg.get(orgId)?.get(accountId);
    if (e === undefined || e.at < this.globalAt || e.at < (this.orgAt.get(orgId) ?? 0) || e.at < (this.accountAt.get(accountId) ?? 0)) return undefined;
    return 'absent' in e ? null : e;
  }

  /** Builds the entry of a database row (or null: no membership). */
  entryOf(row: AccessSource | null, at: number): Entry | null {
    if (!row) return null;
    let mask = 0;
    let rest: string[] | null = null;
    for (const key of effectiveModules(this.catalogue, row.packages ?? [], row.modules ?? [])) {
      const b = this.bit.get(key);
      if (b !== undefined) mask |= b;
      else (rest ??= []).push(key);
    }
    return {
      at,
      type: row.type,
      status: row.status,
      valid_from: row.valid_from,
      valid_until: row.valid_until,
      active: row.active,
      login_valid_until: row.login_valid_until,
      fixed: row.valid_from === null && row.valid_until === null && row.login_valid_until === null ? accessDenial(row, row, '', MODULE_ACCESS) : undefined,
      mask,
      rest: rest ?? NONE,
      granted: answerOf(true, 'granted', row.type, row.status),
      notGranted: answerOf(false, 'not_granted', row.type, row.status),
    };
  }

  /** Keeps what a read stamped `at` found for the pair; nothing while the node cannot hear changes. */
  put(orgId: string, accountId: string, entry: Entry | null, at: number): void {
    if (!this.events.listening) return;
    if (this.count >= this.maxEntries) this.clear();
    let org = this.byOrg.get(orgId);
    if (!org) this.byOrg.set(orgId, (org = new Map()));
    if (!org.has(accountId)) this.count++;
    org.set(accountId, entry ?? { at, absent: true });
  }

  /** R-L4: an access change heard (this node's after commit, other nodes' through NOTIFY). */
  invalidate(event: Pick<AccessChanged, 'orgId' | 'accountIds' | 'membershipIds'>): void {
    const at = ++this.seq;
    if (event.accountIds?.length) {
      // An account's own fields (active, loginValidUntil) hold in every organisation: the account's entries all go.
      for (const id of event.accountIds) this.accountAt.set(id, at);
    } else if (event.orgId) {
      this.orgAt.set(event.orgId, at);
    } else {
      this.globalAt = at;
    }
  }

  /** Drops everything (the listener came back after missing events, or the size bound was reached). */
  clear(): void {
    this.globalAt = ++this.seq;
    this.byOrg.clear();
    this.orgAt.clear();
    this.accountAt.clear();
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /**
   * The check itself (R-L1): the access rule with the module asked. Reasons are the rule's (accessDenial with module
   * access asked; an invited user is not yet allowed), plus no_membership and granted.
   */
  decide(entry: Entry | null, module: string, today: string): CheckAnswer {
    if (entry === null) return NO_MEMBERSHIP;
    const denial = entry.fixed !== undefined ? entry.fixed : accessDenial(entry, entry, today, MODULE_ACCESS);
    if (denial !== null) return answerOf(false, denial, entry.type, entry.status);
    const b = this.bit.get(module);
    const held = b !== undefined ? (entry.mask & b) !== 0 : entry.rest.includes(module);
    return held ? entry.granted : entry.notGranted;
  }

  /** Effective modules held by an entry (for views). */
  modulesOf(entry: Entry): string[] {
    return [...[...this.bit].filter(([, b]) => (entry.mask & b) !== 0).map(([k]) => k), ...entry.rest];
  }
}
