/**
 * The conversion plan as a pure function (R-I3, R-I4, R-I5; SPEC §2 rights map): legacy record + conflict decisions
 * + per-user edits → conflicts, deactivations, warnings, the resulting users and the seats they need. No database,
 * no clock: the service loads the record, this decides, and apply writes exactly what this returns.
 */

export interface LegacyPerson {
  key: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
}

export interface LegacyLogin {
  key: string;
  username: string;
  kind: 'personal' | 'integration';
  email: string | null;
  rights: string[];
  personKeys: string[];
}

export interface LegacyRecord {
  persons: LegacyPerson[];
  logins: LegacyLogin[];
}

/** What the plan needs of the catalogue: the rights map, the packages a proposal may use (in order), licensed modules. */
export interface MapCatalogue {
  rights: ReadonlyMap<string, string>;
  packages: readonly { key: string; modules: readonly string[] }[];
  licensed: ReadonlySet<string>;
}

export type ConflictKind = 'shared_login' | 'missing_email' | 'duplicate_email';
export type PlanUserType = 'employee' | 'no_access' | 'person';

export interface Decision {
  personKey: string;
  becomes: 'user' | 'person';
  email?: string | null;
}
export type Decisions = Record<string, Decision[]>;

export interface Grant {
  key: string;
  admin: boolean;
}
export interface UserEdit {
  type?: PlanUserType;
  packages?: string[];
  modules?: Grant[];
}
export type Edits = Record<string, UserEdit>;

export interface Conflict {
  id: string;
  kind: ConflictKind;
  loginKeys: string[];
  personKeys: string[];
  resolution: Decision[] | null;
}

export interface Deactivation {
  loginKey: string;
  username: string;
  /** no_rights: none of its rights map; integration: an integration/API login; no_user: nobody of its persons keeps it. */
  reason: 'no_rights' | 'integration' | 'no_user';
}

export interface Warning {
  code: 'integration_stops' | 'rights_not_mapped';
  loginKey: string;
  message: string;
}

export interface PlanUser {
  key: string;
  personKey: string;
  email: string | null;
  firstName: string;
  lastName: string;
  type: PlanUserType;
  packages: string[];
  modules: Grant[];
  fromLogins: string[];
  /** True when an administrator changed type, packages or modules in the summary. */
  edited: boolean;
  /** True while a conflict about this person is open (its outcome may still change). */
  pending: boolean;
}

export interface Plan {
  conflicts: Conflict[];
  deactivations: Deactivation[];
  warnings: Warning[];
  users: PlanUser[];
}

/** A login whose rights carry over: personal, with at least one right the map knows. */
export const mappable = (c: MapCatalogue, l: LegacyLogin) => l.kind === 'personal' && l.rights.some((r) => c.rights.has(r));

const lower = (s: string) => s.toLowerCase();
const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * R-I5, SPEC §2: packages where the modules cover all of a package's modules, the rest as single modules; ADMIN →
 * user-admin. Exact: the proposal's effective modules are the given modules, no more, no fewer.
 */
export function proposeGrants(c: MapCatalogue, modules: Iterable<string>): { packages: string[]; modules: Grant[] } {
  const have = new Set(modules);
  const packages: string[] = [];
  const covered = new Set<string>();
  for (const p of c.packages) {
    if (p.modules.length && p.modules.every((m) => have.has(m))) {
      packages.push(p.key);
      for (const m of p.modules) covered.add(m);
    }
  }
  const single = [...have]
    .filter((m) => !covered.has(m))
    .sort()
    .map((key) => ({ key, admin: false }));
  return { packages: packages.sort(), modules: single };
}

/** The modules a set of legacy rights maps to (unknown codes are dropped and warned about). */
export function mapRights(c: MapCatalogue, rights: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const r of rights) {
    const m = c.rights.get(r);
    if (m) out.add(m);
  }
  return out;
}

interface Index {
  persons: Map<string, LegacyPerson>;
  /** Mappable personal logins that belong to exactly this one person. */
  own: Map<string, LegacyLogin[]>;
  /** Mappable personal logins shared by several persons, per person. */
  shared: Map<string, LegacyLogin[]>;
  /** The e-mail the legacy data gives a person: its own logins' first e-mail, else the person's. */
  legacyEmail: Map<string, string | null>;
}

function indexOf(c: MapCatalogue, r: LegacyRecord): Index {
  const persons = new Map(r.persons.map((p) => [p.key, p]));
  const own = new Map<string, LegacyLogin[]>();
  const shared = new Map<string, LegacyLogin[]>();
  const push = (m: Map<string, LegacyLogin[]>, k: string, l: LegacyLogin) => m.set(k, [...(m.get(k) ?? []), l]);
  for (const l of [...r.logins].sort(byKey)) {
    if (!mappable(c, l)) continue;
    const keys = [...new Set(l.personKeys)].filter((k) => persons.has(k));
    if (keys.length === 1) push(own, keys[0], l);
    else for (const k of keys) push(shared, k, l);
  }
  const legacyEmail = new Map<string, string | null>();
  for (const p of r.persons) {
    const fromLogin = (own.get(p.key) ?? []).find((l) => l.email)?.email ?? null;
    legacyEmail.set(p.key, fromLogin ?? p.email ?? null);
  }
  return { persons, own, shared, legacyEmail };
}

/** R-I3: the conflicts of a legacy record, with stable ids (they do not depend on decisions). */
export function findConflicts(c: MapCatalogue, r: LegacyRecord, ix: Index = indexOf(c, r)): Omit<Conflict, 'resolution'>[] {
  const out: Omit<Conflict, 'resolution'>[] = [];
  for (const l of [...r.logins].sort(byKey)) {
    if (!mappable(c, l)) continue;
    const keys = [...new Set(l.personKeys)].filter((k) => ix.persons.has(k));
    if (keys.length > 1) out.push({ id: `shared_login.${l.key}`, kind: 'shared_login', loginKeys: [l.key], personKeys: keys.sort() });
  }
  const withOwn = [...ix.own.keys()].sort();
  for (const p of withOwn) {
    if (!ix.legacyEmail.get(p)) out.push({ id: `missing_email.${p}`, kind: 'missing_email', loginKeys: ix.own.get(p)!.map((l) => l.key), personKeys: [p] });
  }
  const byEmail = new Map<string, string[]>();
  for (const p of withOwn) {
    const e = ix.legacyEmail.get(p);
    if (e) byEmail.set(lower(e), [...(byEmail.get(lower(e)) ?? []), p]);
  }
  for (const group of byEmail.values()) {
    if (group.length < 2) continue;
    out.push({
      id: `duplicate_email.${group[0]}`,
      kind: 'duplicate_email',
      loginKeys: group.flatMap((p) => ix.own.get(p)!.map((l) => l.key)).sort(),
      personKeys: group,
    });
  }
  return out;
}

/**
 * The whole plan: every person becomes exactly one entry (a user of some type, or a person without user), and every
 * login either carries over into the entries' `fromLogins` or is deactivated — never both, never neither.
 */
export function buildPlan(c: MapCatalogue, r: LegacyRecord, decisions: Decisions, edits: Edits): Plan {
  const ix = indexOf(c, r);
  const conflicts: Conflict[] = findConflicts(c, r, ix).map((x) => ({ ...x, resolution: decisions[x.id] ?? null }));
  const openPersons = new Set(conflicts.filter((x) => !x.resolution).flatMap((x) => x.personKeys));
  const decisionFor = (conflictId: string, personKey: string) => decisions[conflictId]?.find((d) => d.personKey === personKey);

  const users: PlanUser[] = [];
  for (const p of r.persons) {
    // A person decision in its own e-mail conflict makes it a person without user: its own logins do not carry over.
    const ownDecisions = [
      decisionFor(`missing_email.${p.key}`, p.key),
      ...conflictsOf(conflicts, 'duplicate_email', p.key).map((x) => decisionFor(x.id, p.key)),
    ];
    const dropsOwn = ownDecisions.some((d) => d?.becomes === 'person');
    const logins = [
      ...(dropsOwn ? [] : (ix.own.get(p.key) ?? [])),
      ...(ix.shared.get(p.key) ?? []).filter((l) => decisionFor(`shared_login.${l.key}`, p.key)?.becomes === 'user'),
    ];
    const chosenEmail =
      ownDecisions.find((d) => d?.becomes === 'user' && d.email)?.email ??
      (ix.shared.get(p.key) ?? []).map((l) => decisionFor(`shared_login.${l.key}`, p.key)).find((d) => d?.becomes === 'user' && d.email)?.email ??
      null;
    const email = chosenEmail ?? ix.legacyEmail.get(p.key) ?? null;
    const proposal = proposeGrants(
      c,
      mapRights(
        c,
        logins.flatMap((l) => l.rights),
      ),
    );
    let type: PlanUserType = logins.length ? 'employee' : 'person';
    let packages = logins.length ? proposal.packages : [];
    let modules = logins.length ? proposal.modules : [];
    const edit = edits[p.key];
    if (edit) {
      if (edit.type) type = edit.type;
      if (edit.packages) packages = [...edit.packages];
      if (edit.modules) modules = edit.modules.map((m) => ({ ...m }));
      if (type !== 'employee') {
        packages = [];
        modules = [];
      }
    }
    users.push({
      key: p.key,
      personKey: p.key,
      email,
      firstName: p.firstName,
      lastName: p.lastName,
      type,
      packages,
      modules,
      fromLogins: type === 'person' ? [] : logins.map((l) => l.key),
      edited: !!edit,
      pending: openPersons.has(p.key),
    });
  }

  const carried = new Set(users.flatMap((u) => u.fromLogins));
  // Logins of an open conflict are neither carried nor deactivated yet: their outcome waits for the decision.
  const undecided = new Set(conflicts.filter((x) => !x.resolution).flatMap((x) => x.loginKeys));
  const deactivations: Deactivation[] = [];
  const warnings: Warning[] = [];
  for (const l of [...r.logins].sort(byKey)) {
    if (l.kind === 'integration') {
      deactivations.push({ loginKey: l.key, username: l.username, reason: 'integration' });
      warnings.push({
        code: 'integration_stops',
        loginKey: l.key,
        message: `${l.username} is an integration/API login: it is deactivated and integrations that use it stop working.`,
      });
      continue;
    }
    if (!mappable(c, l)) {
      deactivations.push({ loginKey: l.key, username: l.username, reason: 'no_rights' });
      continue;
    }
    const unknown = l.rights.filter((x) => !c.rights.has(x));
    if (unknown.length)
      warnings.push({
        code: 'rights_not_mapped',
        loginKey: l.key,
        message: `${l.username}: rights ${unknown.join(', ')} have no counterpart and are dropped.`,
      });
    if (!carried.has(l.key) && !undecided.has(l.key)) deactivations.push({ loginKey: l.key, username: l.username, reason: 'no_user' });
  }
  return { conflicts, deactivations, warnings, users: sortByName(users) };
}

const conflictsOf = (conflicts: Conflict[], kind: ConflictKind, personKey: string) =>
  conflicts.filter((x) => x.kind === kind && x.personKeys.includes(personKey));

/** Users by last name, first name, key: each sort key built once (6,000 users sort in a few milliseconds). */
function sortByName(users: PlanUser[]): PlanUser[] {
  const keyed = users.map((u) => ({ u, k: `${u.lastName.toLowerCase()}\u0000${u.firstName.toLowerCase()}\u0000${u.key}` }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.u);
}

/** Effective modules of a plan user (packages ∪ modules), as the seat rule counts them. */
export function effectiveOf(c: MapCatalogue, u: Pick<PlanUser, 'packages' | 'modules'>): Set<string> {
  const out = new Set(u.modules.map((m) => m.key));
  for (const p of u.packages) for (const m of c.packages.find((x) => x.key === p)?.modules ?? []) out.add(m);
  return out;
}

/** R-I5, R-B1: seats each licensed module needs after apply (users of a type that takes seats and holds it). */
export function seatsNeeded(c: MapCatalogue, users: readonly PlanUser[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of users) {
    if (u.type !== 'employee') continue;
    for (const m of effectiveOf(c, u)) if (c.licensed.has(m)) out.set(m, (out.get(m) ?? 0) + 1);
  }
  return out;
}

/**
 * R-I3: checks decisions for one conflict against the plan they would make: one decision per person of the conflict
 * (no more), an e-mail for every user, unique among the plan's settled users. Returns the problems by path.
 */
export function checkDecisions(
  c: MapCatalogue,
  r: LegacyRecord,
  decisions: Decisions,
  edits: Edits,
  conflict: Omit<Conflict, 'resolution'>,
  given: Decision[],
): { path: string; code: 'required' | 'taken' | 'invalid_value'; message: string }[] {
  const problems: { path: string; code: 'required' | 'taken' | 'invalid_value'; message: string }[] = [];
  const seen = new Set<string>();
  given.forEach((d, i) => {
    if (!conflict.personKeys.includes(d.personKey))
      problems.push({ path: `decisions.${i}.personKey`, code: 'invalid_value', message: 'Not a person of this conflict' });
    else if (seen.has(d.personKey)) problems.push({ path: `decisions.${i}.personKey`, code: 'invalid_value', message: 'Decided twice' });
    seen.add(d.personKey);
  });
  const missing = conflict.personKeys.filter((k) => !seen.has(k));
  if (missing.length) problems.push({ path: 'decisions', code: 'required', message: `A decision is needed for every person: ${missing.join(', ')}` });
  if (problems.length) return problems;
  const plan = buildPlan(c, r, { ...decisions, [conflict.id]: given }, edits);
  const byPerson = new Map(plan.users.map((u) => [u.key, u]));
  given.forEach((d, i) => {
    if (d.becomes !== 'user') return;
    const u = byPerson.get(d.personKey)!;
    if (!u.email) {
      problems.push({ path: `decisions.${i}.email`, code: 'required', message: 'A user needs an e-mail address' });
      return;
    }
    const clash = plan.users.find((o) => o.key !== u.key && o.type !== 'person' && o.email && !o.pending && lower(o.email) === lower(u.email!));
    if (clash)
      problems.push({ path: `decisions.${i}.email`, code: 'taken', message: `${u.email} is already the e-mail of ${clash.firstName} ${clash.lastName}` });
  });
  return problems;
}

/** Settled users with the same e-mail (case-insensitive): apply refuses while any exist. */
export function duplicateEmails(users: readonly PlanUser[]): string[] {
  const seen = new Map<string, number>();
  for (const u of users) if (u.type !== 'person' && u.email) seen.set(lower(u.email), (seen.get(lower(u.email)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([e]) => e);
}
