/**
 * `npm run check:distribution` (issue 12 §1, docs/scaling.md "Distribution by organisation"): is every statement on an
 * organisation-scoped table routable to one organisation's shard?
 *
 * 1. Starts a throw-away PostgreSQL cluster with `log_statement=all` into a CSV log (as root through runuser, as
 *    scripts/test.mjs does), and runs API test files on it (`vitest --project api-postgres`; the files given on the
 *    command line, else DEFAULT_FILES below).
 * 2. Derives the organisation-scoped tables from the migrated schema: the tables whose primary key starts with org_id.
 * 3. Parses every logged statement with PostgreSQL's own parser (libpg-query, WebAssembly) and checks each reference
 *    to an organisation-scoped table: its org_id must be fixed by an equality to a value or parameter, an IN list,
 *    `= ANY($n)`, `IN (subquery)` — or by equality to the org_id of another reference that is (co-located join), or to
 *    `orgs.id` fixed so. An INSERT that names org_id among its columns is routable.
 * 4. Prints the offenders (statement, table, how many times it ran) not on the documented list of cross-organisation
 *    queries (CROSS_ORG below, each with its reason) and exits 1 when there is any; also lists which documented
 *    exceptions were seen, and any that no longer occur.
 *
 * Options: --keep-log (print the log's path and keep it), --log FILE (analyse an existing CSV log, no tests).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModule, parseSync } from 'libpg-query';
import pg from 'pg';
import { openPostgres } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { findPgBin, PgServer } from './scale/postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The API test files run when none are named: every capability that reads or writes organisation data through the
 * HTTP API (users, seats, access, audit, organisations, partners, offices, roles, sign-in and /me, bulk jobs,
 * conversion, mail). Left out for time: the property-based and kill tests (the same statements, many times), OIDC,
 * passkeys and the outage/read-routing tests (they start clusters of their own).
 */
export const DEFAULT_FILES = [
  'src/users/users.api.test.ts',
  'src/users/list.api.test.ts',
  'src/users/lifecycle-rules.api.test.ts',
  'src/users/resellers.api.test.ts',
  'src/users/bulk-restore.api.test.ts',
  'src/licenses/licenses.api.test.ts',
  'src/licenses/seats.api.test.ts',
  'src/licenses/initial-order.api.test.ts',
  'src/access/access.api.test.ts',
  'src/access/tenancy.api.test.ts',
  'src/access/last-administrator.api.test.ts',
  'src/audit/audit.api.test.ts',
  'src/orgs/orgs.api.test.ts',
  'src/partners/partners.api.test.ts',
  'src/offices/offices.api.test.ts',
  'src/roles/roles.api.test.ts',
  'src/auth/auth.api.test.ts',
  'src/access-jobs/access-jobs.api.test.ts',
  'src/conversion/apply.api.test.ts',
  'src/check/check.api.test.ts',
  'src/notifications/notifications.api.test.ts',
];

/**
 * Statements that read or write organisation-scoped rows of MANY organisations on purpose, each with its reason. With
 * Citus each runs on every shard (a multi-shard query): correct, but not routed to one organisation. `match` is tested
 * against the statement text with its whitespace collapsed; `tables` are the tables it may leave unrouted.
 */
export const CROSS_ORG: { name: string; tables: string[]; match: RegExp; reason: string }[] = [
  {
    name: 'the expiry job',
    tables: ['memberships'],
    match: /^select "org_id", "id" from "memberships" where "type" = \$1 and "status" in \(\$2, \$3\) and "valid_until" < \$4 limit \$5$/,
    reason: 'the daily job finds external users whose end date passed, in every organisation (a batch; each is then expired in its own organisation)',
  },
  {
    name: 'the purge of deleted users',
    tables: ['deleted_memberships'],
    match: /^delete from "deleted_memberships" where "deleted_at" <= \$1$/,
    reason: 'the retention job deletes the restorable copies of deleted users past their time, in every organisation',
  },
  {
    name: 'a job run by its id',
    tables: ['job_runs'],
    match: /^select "org_id" from "job_runs" where "id" = \$1 and "kind" = \$2$/,
    reason: "a queue worker (pg-boss is global) holds only the run's id and looks up its organisation once; everything after is by org_id",
  },
  {
    name: 'the sweep of stalled job runs',
    tables: ['job_runs'],
    match: /^select "r"\."org_id", "r"\."id", "r"\."kind" from "job_runs" as "r" where "r"\."status" in /,
    reason: 'the sweep (job-runs.sweep, once a minute) finds runs in every organisation whose queue job died with its node',
  },
  {
    name: 'test fixtures',
    tables: ['memberships', 'deleted_memberships', 'audit_events'],
    match:
      /^(update "memberships" set "valid_from" = \$1 where "id" = \$2|update "deleted_memberships" set "deleted_at" = \$1 where "id" = \$2|select count\(\*\) as "n" from "audit_events")$/,
    reason: "statements of the tests themselves (they share the app's database pool), not of the application",
  },
];

// ---- the statement log ------------------------------------------------------------------------------------------

/** The fields of PostgreSQL's csvlog, as far as this needs them (PostgreSQL 13–18 keep these positions). */
const CSV = { database: 2, message: 13 };

/** Splits PostgreSQL's CSV log into records (quoted fields may hold newlines and doubled quotes). */
export function* csvRecords(text: string): Generator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      yield record;
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) {
    record.push(field);
    yield record;
  }
}

/** The SQL of a logged statement ("statement: …", "execute <unnamed>: …", "execute S_1/C_2: …"); null for other lines. */
export function statementOf(message: string): string | null {
  const m = /^(?:statement|execute [^:]*): ([\s\S]*)$/.exec(message);
  return m ? m[1] : null;
}

// ---- the analysis -----------------------------------------------------------------------------------------------

type AnyNode = any;
interface Ref {
  id: number;
  table: string;
  alias: string;
  /** Organisation-scoped (org_id first in the primary key): must be routed. */
  scoped: boolean;
  /** The column that names the organisation: org_id (also of a CTE that passes one on), or id of `orgs`; else null. */
  key: string | null;
}
interface Scope {
  parent: Scope | null;
  refs: Ref[];
}

const CONST = -1;

/**
 * Columns that select one account's, one partner's or one agency's rows across organisations: a reference to a table
 * filtered by one of them (or correlated by org_id to one that is) is a documented cross-organisation read, by kind.
 */
export const ANCHORS: Record<string, Record<string, string>> = {
  memberships: { account_id: 'account', home_org_id: 'home organisation' },
  orgs: { agency_id: 'agency', contract_owner_account_id: 'account' },
  conversions: { opened_by: 'account' },
};

/** Why cross-organisation statements of each kind are right, and what Citus does with them (docs/scaling.md). */
export const ANCHOR_REASONS: Record<string, string> = {
  account:
    "one account's memberships across organisations (sign-in, the session's organisations, GET /me and the organisation switcher, an account's access list, an account renamed or deactivated everywhere): accounts are global, so these fan out to every shard — by design",
  'home organisation':
    "a partner's employees are members of client organisations: renaming the partner or one of its offices updates the copied names (home_org_name, office_name) and an office counts its users wherever they are members",
  agency: "the clients of an agency (orgs.agency_id): a consultant's or an agency administrator's clients",
};

/** A reference to an organisation-scoped table whose org_id is not fixed, and the cross-organisation kind, if any. */
export interface Unrouted {
  table: string;
  anchor: string | null;
}

/**
 * The references to organisation-scoped tables in one parsed statement whose org_id is not fixed (see the file's
 * comment); empty when the statement is routable.
 */
export function unroutedTables(stmt: AnyNode, scopedTables: ReadonlySet<string>): Unrouted[] {
  const refs: Ref[] = [];
  const anchored = new Map<number, string>();
  const parentOf = new Map<number, number>([[CONST, CONST]]);
  const find = (x: number): number => {
    let r = x;
    while (parentOf.get(r) !== r) r = parentOf.get(r)!;
    parentOf.set(x, r);
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parentOf.set(ra, rb);
  };
  const ctes = new Set<string>();
  /** A CTE's output org_id: the node of the reference it comes from, so a use of the CTE carries its class. */
  const cteKeys = new Map<string, number>();

  const addRef = (rv: AnyNode, scope: Scope): Ref => {
    const table: string = rv.relname;
    const isPublic = !rv.schemaname || rv.schemaname === 'public';
    const scoped = isPublic && scopedTables.has(table) && !ctes.has(table);
    const ref: Ref = {
      id: refs.length,
      table,
      alias: rv.alias?.aliasname ?? table,
      scoped,
      key: scoped ? 'org_id' : isPublic && table === 'orgs' && !ctes.has(table) ? 'id' : null,
    };
    refs.push(ref);
    parentOf.set(ref.id, ref.id);
    scope.refs.push(ref);
    const cteKey = isPublic && ctes.has(table) ? cteKeys.get(table) : undefined;
    if (cteKey !== undefined) {
      ref.key = 'org_id';
      union(ref.id, cteKey);
    }
    return ref;
  };

  /** The reference whose organisation key a column names, or null. */
  const keyOf = (expr: AnyNode, scope: Scope): number | null => {
    while (expr?.TypeCast) expr = expr.TypeCast.arg;
    const fields: AnyNode[] | undefined = expr?.ColumnRef?.fields;
    if (!fields) return null;
    const names = fields.map((f) => f.String?.sval);
    const column = names[names.length - 1];
    if (names.length >= 2) {
      const alias = names[names.length - 2];
      for (let s: Scope | null = scope; s; s = s.parent) {
        const ref = s.refs.find((r) => r.alias === alias);
        if (ref) return ref.key === column ? ref.id : null;
      }
      return null;
    }
    // Unqualified: the one table in the nearest scope that has such a key.
    for (let s: Scope | null = scope; s; s = s.parent) {
      const candidates = s.refs.filter((r) => r.key === column);
      if (candidates.length === 1) return candidates[0].id;
      if (candidates.length > 1) return null;
    }
    return null;
  };

  /** The reference and anchor kind a column names (memberships.account_id …), or null. */
  const anchorOf = (expr: AnyNode, scope: Scope): { ref: number; kind: string } | null => {
    while (expr?.TypeCast) expr = expr.TypeCast.arg;
    const names: string[] | undefined = expr?.ColumnRef?.fields?.map((f: AnyNode) => f.String?.sval);
    if (!names) return null;
    const column = names[names.length - 1];
    for (let s: Scope | null = scope; s; s = s.parent) {
      const ref = names.length >= 2 ? s.refs.find((r) => r.alias === names[names.length - 2]) : s.refs.find((r) => ANCHORS[r.table]?.[column] !== undefined);
      if (ref) {
        const kind = ANCHORS[ref.table]?.[column];
        return kind && ref.id >= 0 ? { ref: ref.id, kind } : null;
      }
    }
    return null;
  };
  const anchor = (a: { ref: number; kind: string } | null) => {
    if (a && !anchored.has(a.ref)) anchored.set(a.ref, a.kind);
  };

  /** Whether an expression is a value for the whole statement: no column of the current query (sub-queries allowed). */
  const isValue = (expr: AnyNode): boolean => {
    if (expr === null || typeof expr !== 'object') return true;
    if (expr.ColumnRef) return false;
    if (expr.SubLink) return true;
    if (Array.isArray(expr)) return expr.every(isValue);
    return Object.values(expr).every(isValue);
  };

  /** The facts one condition proves: pairs of equal keys, and keys fixed to values. Only what holds on every branch. */
  const facts = (expr: AnyNode, scope: Scope): { eq: [number, number][]; fixed: Set<number> } => {
    const none = { eq: [] as [number, number][], fixed: new Set<number>() };
    if (!expr) return none;
    if (expr.BoolExpr) {
      const parts = (expr.BoolExpr.args ?? []).map((a: AnyNode) => facts(a, scope));
      if (expr.BoolExpr.boolop === 'AND_EXPR')
        return { eq: parts.flatMap((p: typeof none) => p.eq), fixed: new Set(parts.flatMap((p: typeof none) => [...p.fixed])) };
      if (expr.BoolExpr.boolop === 'OR_EXPR' && parts.length) {
        const fixed = new Set<number>([...parts[0].fixed].filter((k) => parts.every((p: typeof none) => p.fixed.has(k))));
        return { eq: [], fixed };
      }
      return none;
    }
    if (expr.SubLink) {
      const sl = expr.SubLink;
      if (sl.subLinkType === 'ANY_SUBLINK' && sl.testexpr) {
        const k = keyOf(sl.testexpr, scope);
        if (k !== null) return { eq: [], fixed: new Set([k]) };
        const row = sl.testexpr.RowExpr?.args as AnyNode[] | undefined;
        if (row) return { eq: [], fixed: new Set(row.map((a) => keyOf(a, scope)).filter((k): k is number => k !== null)) };
      }
      return none;
    }
    const a = expr.A_Expr;
    if (!a) return none;
    const op = a.name?.map((n: AnyNode) => n.String?.sval).join('.');
    if (a.kind === 'AEXPR_OP' && op === '=') {
      const lrow = a.lexpr?.RowExpr?.args as AnyNode[] | undefined;
      const rrow = a.rexpr?.RowExpr?.args as AnyNode[] | undefined;
      const pairs: [AnyNode, AnyNode][] = lrow && rrow ? lrow.map((l, i) => [l, rrow[i]]) : [[a.lexpr, a.rexpr]];
      const out = { eq: [] as [number, number][], fixed: new Set<number>() };
      for (const [l, r] of pairs) {
        anchor(anchorOf(l, scope));
        anchor(anchorOf(r, scope));
        const kl = keyOf(l, scope);
        const kr = keyOf(r, scope);
        if (kl !== null && kr !== null) out.eq.push([kl, kr]);
        else if (kl !== null && isValue(r)) out.fixed.add(kl);
        else if (kr !== null && isValue(l)) out.fixed.add(kr);
      }
      return out;
    }
    if ((a.kind === 'AEXPR_IN' && op === '=') || (a.kind === 'AEXPR_OP_ANY' && op === '=')) {
      anchor(anchorOf(a.lexpr, scope));
      if (!isValue(a.rexpr)) return none;
      const k = keyOf(a.lexpr, scope);
      if (k !== null) return { eq: [], fixed: new Set([k]) };
      const row = a.lexpr?.RowExpr?.args as AnyNode[] | undefined;
      if (row) return { eq: [], fixed: new Set(row.map((x) => keyOf(x, scope)).filter((x): x is number => x !== null)) };
    }
    return none;
  };

  const apply = (expr: AnyNode, scope: Scope) => {
    if (!expr) return;
    const f = facts(expr, scope);
    for (const [x, y] of f.eq) union(x, y);
    for (const k of f.fixed) union(k, CONST);
    subqueries(expr, scope);
  };

  /** Every sub-query inside an expression is a statement of its own, seeing the enclosing query's tables. */
  const subqueries = (node: AnyNode, scope: Scope) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) subqueries(n, scope);
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'SubLink') {
        const sl = v as AnyNode;
        subqueries(sl.testexpr, scope);
        statement(sl.subselect, scope);
      } else subqueries(v, scope);
    }
  };

  /** Registers the tables of a FROM list; returns the join conditions to apply once every table is known. */
  const from = (items: AnyNode[] | undefined, scope: Scope, quals: AnyNode[]) => {
    for (const item of items ?? []) {
      if (item.RangeVar) addRef(item.RangeVar, scope);
      else if (item.JoinExpr) {
        from([item.JoinExpr.larg, item.JoinExpr.rarg], scope, quals);
        if (item.JoinExpr.quals) quals.push(item.JoinExpr.quals);
      } else if (item.RangeFunction) {
        // jsonb_to_recordset($1) AS v(org_id uuid, …): rows given by the statement's parameters, so v.org_id is a value.
        const alias = item.RangeFunction.alias?.aliasname ?? '';
        const id = refs.length;
        const ref: Ref = { id, table: '(function)', alias, scoped: false, key: 'org_id' };
        refs.push(ref);
        parentOf.set(id, id);
        scope.refs.push(ref);
        if (isValue(item.RangeFunction.functions)) union(id, CONST);
        else subqueries(item.RangeFunction.functions, scope);
      } else if (item.RangeSubselect) {
        statement(item.RangeSubselect.subquery, scope);
        // A sub-select in FROM is a table of its own for the outer query: its alias resolves to no key.
        scope.refs.push({ id: -2, table: '(subquery)', alias: item.RangeSubselect.alias?.aliasname ?? '', scoped: false, key: null });
      } else subqueries(item, scope);
    }
  };

  const withClause = (w: AnyNode, scope: Scope) => {
    for (const c of w?.ctes ?? []) ctes.add(c.CommonTableExpr.ctename);
    for (const c of w?.ctes ?? []) {
      const body = statement(c.CommonTableExpr.ctequery, scope);
      const org = (c.CommonTableExpr.ctequery?.SelectStmt?.targetList ?? []).find(
        (t: AnyNode) => (t.ResTarget?.name ?? t.ResTarget?.val?.ColumnRef?.fields?.at(-1)?.String?.sval) === 'org_id',
      );
      const key = body && org ? keyOf(org.ResTarget.val, body) : null;
      if (key !== null) cteKeys.set(c.CommonTableExpr.ctename, key);
    }
  };

  /** Checks one statement; answers the scope of a plain SELECT (its tables), for a CTE's output. */
  const statement = (node: AnyNode, outer: Scope | null): Scope | null => {
    if (!node) return null;
    if (node.SelectStmt) {
      const s = node.SelectStmt;
      withClause(s.withClause, outer ?? { parent: null, refs: [] });
      if (s.op && s.op !== 'SETOP_NONE') {
        statement({ SelectStmt: s.larg }, outer);
        statement({ SelectStmt: s.rarg }, outer);
        return null;
      }
      const scope: Scope = { parent: outer, refs: [] };
      const quals: AnyNode[] = [];
      from(s.fromClause, scope, quals);
      for (const q of quals) apply(q, scope);
      apply(s.whereClause, scope);
      apply(s.havingClause, scope);
      subqueries([s.targetList, s.valuesLists, s.sortClause, s.groupClause], scope);
      return scope;
    } else if (node.InsertStmt) {
      const s = node.InsertStmt;
      const scope: Scope = { parent: outer, refs: [] };
      withClause(s.withClause, scope);
      const target = addRef(s.relation, scope);
      const cols = (s.cols ?? []).map((c: AnyNode) => c.ResTarget?.name);
      if (target.key && cols.includes(target.key)) union(target.id, CONST);
      statement(s.selectStmt, outer);
      subqueries([s.onConflictClause, s.returningList], scope);
    } else if (node.UpdateStmt || node.DeleteStmt) {
      // UPDATE … FROM and DELETE … USING: the same scope, the joined relations under their own names.
      const s = node.UpdateStmt ?? node.DeleteStmt;
      const scope: Scope = { parent: outer, refs: [] };
      withClause(s.withClause, scope);
      addRef(s.relation, scope);
      const quals: AnyNode[] = [];
      from(node.UpdateStmt ? s.fromClause : s.usingClause, scope, quals);
      for (const q of quals) apply(q, scope);
      apply(s.whereClause, scope);
      subqueries([s.targetList, s.returningList], scope);
    }
    return null;
  };

  statement(stmt, null);
  // A reference is of an anchor's kind when it, or any reference its org_id is equal to, is filtered by that anchor.
  const kindOfClass = new Map<number, string>();
  for (const [ref, kind] of anchored) if (!kindOfClass.has(find(ref))) kindOfClass.set(find(ref), kind);
  const out = new Map<string, Unrouted>();
  for (const r of refs) {
    if (!r.scoped || find(r.id) === find(CONST)) continue;
    const anchor = kindOfClass.get(find(r.id)) ?? null;
    const key = `${r.table} ${anchor}`;
    if (!out.has(key)) out.set(key, { table: r.table, anchor });
  }
  return [...out.values()].sort((a, b) => a.table.localeCompare(b.table));
}

export const collapse = (sql: string) => sql.replace(/\s+/g, ' ').trim();

export interface Finding {
  sql: string;
  /** The organisation-scoped tables the statement does not route by org_id. */
  tables: string[];
  count: number;
  /** Why that is right: a kind of ANCHORS, or the name of a CROSS_ORG entry; undefined for an offender. */
  exception?: string;
}

/** Checks every statement of a CSV log; statements of databases whose name does not pass `database` are skipped. */
export function analyseLog(
  text: string,
  scopedTables: ReadonlySet<string>,
  database: (name: string) => boolean,
): { statements: number; distinct: number; unparsed: number; findings: Finding[] } {
  const counts = new Map<string, number>();
  let statements = 0;
  for (const rec of csvRecords(text)) {
    if (!database(rec[CSV.database] ?? '')) continue;
    const sql = statementOf(rec[CSV.message] ?? '');
    if (sql === null) continue;
    statements++;
    const key = collapse(sql);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const findings: Finding[] = [];
  let unparsed = 0;
  for (const [sql, count] of counts) {
    // Only statements that can touch an organisation-scoped table are parsed.
    if (![...scopedTables].some((t) => sql.includes(t))) continue;
    let parsed: AnyNode;
    try {
      parsed = parseSync(sql);
    } catch {
      unparsed++;
      continue;
    }
    const unrouted: Unrouted[] = (parsed.stmts ?? []).flatMap((s: AnyNode) => unroutedTables(s.stmt, scopedTables));
    if (!unrouted.length) continue;
    const tables = [...new Set(unrouted.map((u) => u.table))].sort();
    const free = [...new Set(unrouted.filter((u) => !u.anchor).map((u) => u.table))];
    const kinds = [...new Set(unrouted.flatMap((u) => (u.anchor ? [u.anchor] : [])))].sort();
    const listed = CROSS_ORG.find((e) => e.match.test(sql) && free.every((t) => e.tables.includes(t)));
    const exception = !free.length ? `by ${kinds.join(' and ')}` : listed?.name;
    findings.push({ sql, tables, count, exception });
  }
  findings.sort((a, b) => b.count - a.count);
  return { statements, distinct: counts.size, unparsed, findings };
}

/** The tables whose primary key starts with org_id, from a migrated database. */
export async function scopedTablesOf(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ table_name: string }>(
      `select i.indrelid::regclass::text as table_name from pg_index i
         join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indisprimary and n.nspname = 'public' and a.attname = 'org_id' order by 1`,
    );
    return r.rows.map((x) => x.table_name.replace(/^public\./, '').replace(/"/g, ''));
  } finally {
    await c.end();
  }
}

// ---- the run ----------------------------------------------------------------------------------------------------

async function main() {
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep-log');
  const logArg = argv.indexOf('--log') >= 0 ? argv[argv.indexOf('--log') + 1] : null;
  const files = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--log');
  const t0 = Date.now();
  const say = (s: string) => console.log(`[distribution ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);
  await loadModule();

  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (apt-get install postgresql)');
  const server = await PgServer.init(bin);
  let exitCode = 1;
  try {
    const logDir = path.join(server.root, 'log');
    server.start(['log_statement=all', 'logging_collector=on', 'log_destination=csvlog', `log_directory=${logDir}`, 'log_filename=statements.log']);
    // The organisation-scoped tables: from the schema the migrations make.
    const adminUrl = server.url();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('create database nyckel_schema');
    await admin.end();
    const schemaUrl = server.url('nyckel_schema');
    const database = await openPostgres(schemaUrl, 2);
    await migrate(database);
    await database.close();
    const scoped = await scopedTablesOf(schemaUrl);
    say(`organisation-scoped tables (primary key starts with org_id): ${scoped.join(', ')}`);

    let testsOk = true;
    if (!logArg) {
      const run = files.length ? files : DEFAULT_FILES;
      say(`running ${run.length} API test files on PostgreSQL with log_statement=all`);
      const code = await new Promise<number>((resolve) => {
        const child = spawn('npx', ['vitest', 'run', '--project', 'api-postgres', ...run], {
          cwd: ROOT,
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, NYCKEL_TEST_PG_URL: adminUrl },
        });
        child.on('exit', (c) => resolve(c ?? 1));
      });
      testsOk = code === 0;
      if (!testsOk) say('some tests failed: their statements are still checked, but the run fails');
    }
    const logFiles = logArg
      ? [logArg]
      : readdirSync(logDir)
          .filter((f) => f.endsWith('.csv'))
          .map((f) => path.join(logDir, f));
    if (!logFiles.length || !logFiles.every(existsSync)) throw new Error(`no CSV statement log in ${logDir}`);
    const text = logFiles.map((f) => readFileSync(f, 'utf8')).join('');
    const result = analyseLog(text, new Set(scoped), (db) => db.startsWith('nyckel_t_'));
    const offenders = result.findings.filter((f) => !f.exception);
    const excepted = result.findings.filter((f) => f.exception);
    say(
      `${result.statements.toLocaleString('en')} statements (${result.distinct.toLocaleString('en')} distinct) checked${result.unparsed ? `, ${result.unparsed} not parsed` : ''}`,
    );
    if (excepted.length) {
      console.log('\nDocumented cross-organisation statements seen (CROSS_ORG in scripts/distribution-check.ts):');
      const byName = new Map<string, number>();
      for (const f of excepted) byName.set(f.exception!, (byName.get(f.exception!) ?? 0) + f.count);
      for (const [name, n] of byName) {
        const reason =
          CROSS_ORG.find((e) => e.name === name)?.reason ??
          name
            .replace(/^by /, '')
            .split(' and ')
            .map((k) => ANCHOR_REASONS[k])
            .join('; ');
        console.log(`  ${String(n).padStart(6)} × ${name}: ${reason}`);
      }
    }
    const unseen = CROSS_ORG.filter((e) => !excepted.some((f) => f.exception === e.name));
    if (unseen.length) console.log(`\nDocumented exceptions not seen in this run: ${unseen.map((e) => e.name).join('; ')}`);
    if (offenders.length) {
      console.log(`\nStatements on organisation-scoped tables WITHOUT an org_id equality or IN (${offenders.length} distinct):`);
      for (const f of offenders)
        console.log(`  ${String(f.count).padStart(6)} × [${f.tables.join(', ')}] ${f.sql.length > 400 ? `${f.sql.slice(0, 400)}…` : f.sql}`);
    }
    console.log(
      `\n${offenders.length} offending statements (${offenders.reduce((n, f) => n + f.count, 0)} executions), ${excepted.length} documented cross-organisation statements (${excepted.reduce((n, f) => n + f.count, 0)} executions)`,
    );
    if (keep) console.log(`statement log kept in ${logFiles.join(', ')}`);
    exitCode = offenders.length === 0 && testsOk ? 0 : 1;
  } finally {
    if (keep) server.stop('fast');
    else server.remove();
  }
  process.exit(exitCode);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
