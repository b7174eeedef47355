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
  /** True: "this account has no membership here" (one shape for both keeps the hot path's property reads monomorphic). */
  absent: boolean;
  /**
   * The organisation, and — on the account's first entry, the one the map holds — the stamp of the account's last
   * change (every entry of the account older than it is stale) and the account's entries in other organisations.
   * Most accounts are members of one organisation: their check reads one object.
   */
  org: string | null;
  accountAt: number;
  more: Map<string, Entry> | null;
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
  /** For a day-dependent entry: the last day asked and the rule's answer that day (a refusal, or null: access). */
  day: string;
  dayAnswer: CheckAnswer | null;
  /** Effective modules whose catalogue index is below 31, one bit each. */
  mask: number;
  /** Effective modules beyond the mask's 31 bits (a large configured catalogue), usually empty. */
  rest: readonly string[];
  /** The answers of this membership (shared objects: the hot path allocates nothing). */
  granted: CheckAnswer;
  notGranted: CheckAnswer;
  /** The rule's refusal when `fixed` is a reason. */
  refused: CheckAnswer | null;
}

/** The entry of "no membership here" found by a read stamped `at` (or, with org null, only an account's stamp). */
function absentEntry(at: number, org: string | null, accountAt = 0): Entry {
  return {
    at,
    absent: true,
    org,
    accountAt,
    more: null,
    type: '',
    status: '',
    valid_from: null,
    valid_until: null,
    active: false,
    login_valid_until: null,
    fixed: null,
    day: '',
    dayAnswer: null,
    mask: 0,
    rest: NONE,
    granted: NO_MEMBERSHIP,
    notGranted: NO_MEMBERSHIP,
    refused: NO_MEMBERSHIP,
  };
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
  /** Stamps of organisation-wide changes; empty in the common case, and then not even looked at. */
  private readonly orgAt = new Map<string, number>();
  private readonly byAccount = new Map<string, Entry>();
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
    const head = this.byAccount.get(accountId);
    if (head === undefined) return undefined;
    const e = head.org === orgId ? head : head.more !== null ? head.more.get(orgId) : undefined;
    if (e === undefined || e.at < head.accountAt || e.at < this.globalAt || e.org === null) return undefined;
    if (this.orgAt.size !== 0 && e.at < (this.orgAt.get(orgId) ?? 0)) return undefined;
    return e.absent ? null : e;
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
    const fixed = row.valid_from === null && row.valid_until === null && row.login_valid_until === null ? accessDenial(row, row, '', MODULE_ACCESS) : undefined;
    return {
      at,
      absent: false,
      org: null,
      accountAt: 0,
      more: null,
      type: row.type,
      status: row.status,
      valid_from: row.valid_from,
      valid_until: row.valid_until,
      active: row.active,
      login_valid_until: row.login_valid_until,
      fixed,
      day: '',
      dayAnswer: null,
      mask,
      rest: rest ?? NONE,
      granted: answerOf(true, 'granted', row.type, row.status),
      notGranted: answerOf(false, 'not_granted', row.type, row.status),
      refused: fixed ? answerOf(false, fixed, row.type, row.status) : null,
    };
  }

  /** Keeps what a read stamped `at` found for the pair; nothing while the node cannot hear changes. */
  put(orgId: string, accountId: string, entry: Entry | null, at: number): void {
    if (!this.events.listening) return;
    if (this.count >= this.maxEntries) this.clear();
    const value = entry ?? absentEntry(at, orgId);
    value.org = orgId;
    const head = this.byAccount.get(accountId);
    if (head === undefined) {
      this.byAccount.set(accountId, value);
      this.count++;
    } else if (head.org === orgId || head.org === null) {
      // The account's first entry is replaced: the new one takes over its stamp and its other organisations.
      if (head.org === null) this.count++;
      value.accountAt = head.accountAt;
      value.more = head.more;
      this.byAccount.set(accountId, value);
    } else {
      head.more ??= new Map();
      if (!head.more.has(orgId)) this.count++;
      head.more.set(orgId, value);
    }
  }

  /** R-L4: an access change heard (this node's after commit, other nodes' through NOTIFY). */
  invalidate(event: Pick<AccessChanged, 'orgId' | 'accountIds' | 'membershipIds'>): void {
    const at = ++this.seq;
    if (event.accountIds?.length) {
      // An account's own fields (active, loginValidUntil) hold in every organisation: the account's entries all go.
      // The stamp is kept even for an account without entries: a read under way must not put a stale one later.
      for (const id of event.accountIds) {
        const head = this.byAccount.get(id);
        if (head) head.accountAt = at;
        else this.byAccount.set(id, absentEntry(0, null, at));
      }
    } else if (event.orgId) {
      this.orgAt.set(event.orgId, at);
    } else {
      this.globalAt = at;
    }
  }

  /** Drops everything (the listener came back after missing events, or the size bound was reached). */
  clear(): void {
    this.globalAt = ++this.seq;
    this.byAccount.clear();
    this.orgAt.clear();
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
    if (entry.fixed === undefined) {
      // The day decides: the rule is asked once per entry and day, then its answer is reused.
      if (entry.day !== today) {
        const denial = accessDenial(entry, entry, today, MODULE_ACCESS);
        entry.dayAnswer = denial === null ? null : answerOf(false, denial, entry.type, entry.status);
        entry.day = today;
      }
      if (entry.dayAnswer !== null) return entry.dayAnswer;
    } else if (entry.refused !== null) return entry.refused;
    const b = this.bit.get(module);
    const held = b !== undefined ? (entry.mask & b) !== 0 : entry.rest.includes(module);
    return held ? entry.granted : entry.notGranted;
  }

  /** Effective modules held by an entry (for views). */
  modulesOf(entry: Entry): string[] {
    return [...[...this.bit].filter(([, b]) => (entry.mask & b) !== 0).map(([k]) => k), ...entry.rest];
  }
}
