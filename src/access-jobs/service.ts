import type { Readable } from 'node:stream';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { getCatalogue, type Catalogue } from '../catalogue/service.js';
import { recordAudit } from '../kernel/audit.js';
import { requireActor, type Actor, type Ctx } from '../kernel/auth-context.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Queryable } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { createRun, getRun, listRuns, type JobRunView } from '../kernel/job-runs.js';
import { decodeCursor, encodeCursor, type Page } from '../kernel/pagination.js';
import { xlsxStream } from '../kernel/xlsx.js';
import { placeOrder, readPoolsBulk } from '../licenses/service.js';
import { lockMembershipsOfAccounts, readMembershipsOfAccounts } from '../users/members.js';
import { revokeRefusalFrom, type AccessJobInput } from './apply.js';
import { administratorBatchGuard } from '../access/administrators.js';
import { ACCESS_JOB_QUEUE, accessJobKind, resultsPerClient } from './jobs.js';
import { planBatch, type Consultant } from './plan.js';
import * as q from './queries.js';
import type { AccessJobBody, AccessJobListQuery, AccessJobView, AccessPreviewView, JobResultQuery, JobResultView } from './schema.js';

/** The request checked against the catalogue: grant and revoke_programs take agency-package modules only (R-H1). */
function validateModules(catalogue: Catalogue, body: AccessJobBody): string[] {
  if (body.operation === 'revoke_clients') return [];
  const agency = new Set(catalogue.packages.get('agency') ?? []);
  const errors: FieldError[] = [];
  const modules = [...new Set(body.modules ?? [])];
  modules.forEach((m, i) => {
    if (!catalogue.modules.has(m)) errors.push({ path: `modules.${i}`, code: 'unknown_module', message: `Unknown module ${m}` });
    else if (!agency.has(m)) errors.push({ path: `modules.${i}`, code: 'not_for_type', message: `${m} is not a program of the agency package` });
  });
  if (errors.length) throw new AppError('validation_failed', { errors });
  // Catalogue order, so results and previews list modules the same way every time.
  return [...catalogue.modules.keys()].filter((k) => modules.includes(k));
}

interface Resolved {
  actor: Actor;
  catalogue: Catalogue;
  modules: string[];
  consultants: Consultant[];
  clients: { id: string; name: string }[];
}

/**
 * The agency, its consultants and clients for a request. Refuses: not_found / forbidden (startAccessJob),
 * validation_failed (modules), not_eligible naming the consultants that are not active employees of the agency, or
 * the clients that are not clients of it.
 */
async function resolve(ctx: Ctx, db: Queryable, agencyId: string, body: AccessJobBody): Promise<Resolved> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  await policy.require(db, actor, 'startAccessJob', agencyId, now);
  const catalogue = await getCatalogue(ctx.db);
  const modules = validateModules(catalogue, body);
  const consultantIds = [...new Set(body.consultantIds)];
  // A grant goes to active employees of the agency (R-C3); a removal also reaches people who left it (R-H6 offboarding).
  const found =
    body.operation === 'grant'
      ? await q.findConsultants(db, agencyId, consultantIds, todayOf(now))
      : await q.findFormerOrCurrentConsultants(db, agencyId, consultantIds);
  const byId = new Map(found.map((c) => [c.id, c]));
  const notEligible = consultantIds.filter((id) => !byId.has(id));
  if (notEligible.length) {
    throw new AppError('not_eligible', {
      detail:
        body.operation === 'grant'
          ? 'Only active employees of the agency can be given access to its clients.'
          : 'Only people of the agency (current or former) can have their access to its clients removed.',
      extra: { consultantIds: notEligible },
    });
  }
  let clients: { id: string; name: string }[];
  if (body.allClients) {
    clients = body.operation === 'revoke_clients' ? await q.clientsWithMembersOf(db, agencyId, consultantIds) : await q.listClientsOfAgency(db, agencyId);
  } else {
    const ids = [...new Set(body.clientIds!)];
    clients = await q.findClientsOfAgency(db, agencyId, ids);
    const known = new Set(clients.map((c) => c.id));
    const strangers = ids.filter((id) => !known.has(id));
    if (strangers.length) {
      throw new AppError('not_eligible', { detail: 'Only clients of this agency can be chosen.', extra: { clientIds: strangers } });
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    clients.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }
  const consultants: Consultant[] = consultantIds.map((id) => {
    const c = byId.get(id)!;
    return {
      accountId: c.id,
      email: c.email,
      firstName: c.first_name,
      lastName: c.last_name,
      homeOrg: c.home_org_id ? { id: c.home_org_id, name: c.home_org_name ?? '' } : null,
      hasPassword: c.has_password,
    };
  });
  return { actor, catalogue, modules, consultants, clients };
}

/** R-H5: what the job would do now, over every client, without seat limits (the seats it would take). */
async function previewOf(ctx: Ctx, db: Queryable, agencyId: string, body: AccessJobBody, r: Resolved, lock: boolean): Promise<AccessPreviewView> {
  const now = ctx.clock.now();
  const clientIds = r.clients.map((c) => c.id);
  const accountIds = r.consultants.map((c) => c.accountId);
  const licensed = r.modules.filter((m) => r.catalogue.licensed.has(m));
  const [memberRows, standings, pools] = await Promise.all([
    lock && db.isTransaction ? lockMembershipsOfAccounts(db, clientIds, accountIds) : readMembershipsOfAccounts(db, clientIds, accountIds),
    policy.standingsIn(db, r.actor, clientIds, now),
    readPoolsBulk(db, clientIds, licensed),
  ]);
  const lastAdministrator =
    body.operation === 'grant'
      ? () => null
      : await administratorBatchGuard(
          db,
          r.actor,
          clientIds,
          memberRows.map((m) => m.id),
          now,
          { lock: false },
        );
  const poolMap = new Map(pools.map((p) => [`${p.org_id}:${p.module_key}`, { seats: p.seats, inUse: p.in_use }]));
  const before = new Map([...poolMap].map(([k, v]) => [k, { ...v }]));
  const plan = planBatch({
    operation: body.operation,
    modules: r.modules,
    consultants: r.consultants,
    clients: r.clients.map((c, seq) => ({ seq, clientId: c.id })),
    standings,
    members: new Map(
      memberRows.map((m) => [
        `${m.org_id}:${m.account_id}`,
        { id: m.id, type: m.type, status: m.status, packages: m.packages ?? [], modules: m.modules ?? [] },
      ]),
    ),
    pools: poolMap,
    catalogue: r.catalogue,
    today: todayOf(now),
    checkSeats: false,
    revokeRefusal: revokeRefusalFrom(lastAdministrator),
    newId,
  });
  let items = 0;
  let denied = 0;
  let failed = 0;
  const deniedReasons: Record<string, number> = {};
  for (const results of plan.results.values()) {
    for (const item of results) {
      items++;
      if (item.outcome === 'denied') {
        denied++;
        deniedReasons[item.reason ?? 'unknown'] = (deniedReasons[item.reason ?? 'unknown'] ?? 0) + 1;
      } else if (item.outcome === 'failed') failed++;
    }
  }
  const names = new Map(r.clients.map((c) => [c.id, c.name]));
  const modules = licensed.map((module) => {
    let needed = 0;
    const shortClients: AccessPreviewView['modules'][number]['shortClients'] = [];
    for (const c of r.clients) {
      const key = `${c.id}:${module}`;
      const n = Math.max(0, plan.seatDeltas.get(key) ?? 0);
      needed += n;
      const pool = before.get(key) ?? { seats: 0, inUse: 0 };
      if (n > 0 && pool.inUse + n > pool.seats) {
        const s = standings.get(c.id);
        shortClients.push({
          clientId: c.id,
          clientName: names.get(c.id)!,
          seats: pool.seats,
          inUse: pool.inUse,
          needed: n,
          mayOrder: !!s && policy.allows(s, 'orderLicenses'),
        });
      }
    }
    return { module, needed, shortClients };
  });
  return { items, denied, deniedReasons, failed, modules };
}

/** R-H5: POST /orgs/{agencyId}/access-jobs/preview — the AccessPreview; writes nothing. Refuses like startAccessJob. */
export async function previewAccessJob(ctx: Ctx, agencyId: string, body: AccessJobBody): Promise<AccessPreviewView> {
  const r = await resolve(ctx, ctx.db, agencyId, body);
  return previewOf(ctx, ctx.db, agencyId, body, r, false);
}

/**
 * R-H1, R-H3: queues an access job over the clients × consultants × modules and answers its id; the run, its items,
 * its pg-boss job and the audit event commit together. With orderMissingSeats (grant), the missing seats are ordered
 * in the same transaction at each short client where the initiator may order licenses (R-H5, R-B3).
 * Refuses: not_found, forbidden, validation_failed, not_eligible.
 */
export async function startAccessJob(ctx: Ctx, agencyId: string, body: AccessJobBody): Promise<{ id: string }> {
  // Read before the transaction: on PGlite (one connection) a read on the pool inside it would wait for it.
  await getCatalogue(ctx.db);
  return inTx(ctx.db, async (tx) => {
    const r = await resolve(ctx, tx, agencyId, body);
    const txCtx: Ctx = { ...ctx, db: tx };
    if (body.orderMissingSeats && body.operation === 'grant') {
      const preview = await previewOf(txCtx, tx, agencyId, body, r, false);
      const orders = new Map<string, Record<string, number>>();
      for (const m of preview.modules)
        for (const c of m.shortClients) if (c.mayOrder) orders.set(c.clientId, { ...orders.get(c.clientId), [m.module]: c.inUse + c.needed });
      for (const [clientId, seats] of orders) await placeOrder(txCtx, clientId, { seats });
    }
    const input: AccessJobInput = { operation: body.operation, modules: r.modules, consultants: r.consultants, clientCount: r.clients.length };
    const id = await createRun(tx, ctx, accessJobKind(ctx.clock), {
      orgId: agencyId,
      initiator: r.actor,
      input,
      items: r.clients.map((c) => ({ clientId: c.id })),
      total: r.clients.length * resultsPerClient(input),
    });
    await recordAudit(tx, r.actor, 'access_job.started', {
      orgId: agencyId,
      targetType: 'access_job',
      targetId: id,
      after: {
        operation: body.operation,
        modules: r.modules,
        consultantAccountIds: r.consultants.map((c) => c.accountId),
        clientIds: r.clients.map((c) => c.id),
        allClients: body.allClients ?? false,
      },
    });
    return { id };
  });
}

function jobView(run: JobRunView): AccessJobView {
  const input = run.input as AccessJobInput;
  return {
    id: run.id,
    agencyId: run.orgId,
    operation: input.operation,
    status: run.status,
    total: run.total,
    processed: run.processed,
    counts: run.counts,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    consultants: input.consultants.map((c) => ({ accountId: c.accountId, name: `${c.firstName} ${c.lastName}` })),
    clientCount: input.clientCount,
    modules: input.modules,
  };
}

/** The job, visible to administrators of its agency and operators (R-J1: anybody else gets not_found or forbidden). */
async function readJob(ctx: Ctx, id: string) {
  const actor = requireActor(ctx);
  const found = await q.findJobRun(ctx.db, ACCESS_JOB_QUEUE, id);
  if (!found) throw new AppError('not_found');
  await policy.require(ctx.db, actor, 'startAccessJob', found.org_id, ctx.clock.now());
  const run = await getRun(ctx.db, found.org_id, id);
  if (!run) throw new AppError('not_found');
  return run;
}

/** GET /access-jobs/{id}: the AccessJob with its live progress and counts per outcome. */
export async function getAccessJob(ctx: Ctx, id: string): Promise<AccessJobView> {
  return jobView(await readJob(ctx, id));
}

/** GET /orgs/{agencyId}/access-jobs: the agency's jobs, newest first (history, R-H3). */
export async function listAccessJobs(ctx: Ctx, agencyId: string, query: AccessJobListQuery): Promise<Page<AccessJobView>> {
  // A forged cursor is bad input whoever asks (400 before the rights' 404), as on every list.
  const cursor = decodeCursor(query.cursor, ['time', 'uuid']);
  await policy.require(ctx.db, requireActor(ctx), 'startAccessJob', agencyId, ctx.clock.now());
  const runs = await listRuns(ctx.db, agencyId, {
    kind: ACCESS_JOB_QUEUE,
    limit: query.limit + 1,
    ...(cursor ? { before: { createdAt: new Date(String(cursor[0])), id: String(cursor[1]) } } : {}),
  });
  const total = await ctx.db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', agencyId)
    .where('kind', '=', ACCESS_JOB_QUEUE)
    .executeTakeFirstOrThrow();
  const page = runs.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(jobView),
    total: Number(total.n),
    nextCursor: runs.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** GET /access-jobs/{id}/results: a page of the job's results in item order, filtered by outcome (R-H3, R-H5). */
export async function listJobResults(ctx: Ctx, id: string, query: JobResultQuery): Promise<Page<JobResultView>> {
  const cursor = decodeCursor(query.cursor, ['count', 'count', 'count']);
  const run = await readJob(ctx, id);
  const after = cursor ? ([Number(cursor[0]), Number(cursor[1])] as [number, number]) : null;
  const [rows, total] = await Promise.all([
    q.listResultRows(ctx.db, run.orgId, run.id, query.outcome, after, query.limit + 1),
    cursor ? Number(cursor[2]) : q.countResults(ctx.db, run.orgId, run.id, query.outcome),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(resultView),
    total,
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.seq, last.n, total]) : null,
  };
}

function resultView(r: Awaited<ReturnType<typeof q.listResultRows>>[number]): JobResultView {
  return {
    clientId: r.client_id,
    clientName: r.client_name ?? '',
    consultantAccountId: r.consultant_account_id,
    consultantName: r.consultant_name,
    module: r.module,
    outcome: r.outcome,
    reason: r.reason,
  };
}

const EXPORT_BATCH = 2_000;
const HEADERS = {
  en: ['Client', 'Consultant', 'Program', 'Outcome', 'Reason'],
  sv: ['Klient', 'Konsult', 'Program', 'Resultat', 'Orsak'],
  fi: ['Asiakas', 'Konsultti', 'Ohjelma', 'Tulos', 'Syy'],
  nb: ['Klient', 'Konsulent', 'Program', 'Resultat', 'Årsak'],
} as const;

/** GET /access-jobs/{id}/results.xlsx: every result (of one outcome, when asked), streamed (kernel/xlsx.ts). */
export async function exportJobResults(ctx: Ctx, id: string, query: Pick<JobResultQuery, 'outcome'>): Promise<{ filename: string; stream: Readable }> {
  const run = await readJob(ctx, id);
  const db = ctx.db;
  async function* rows() {
    let after: [number, number] | null = null;
    for (;;) {
      const batch = await q.listResultRows(db, run.orgId, run.id, query.outcome, after, EXPORT_BATCH);
      for (const r of batch) yield [r.client_name ?? r.client_id, r.consultant_name, r.module ?? '', r.outcome, r.reason ?? ''];
      if (batch.length < EXPORT_BATCH) return;
      const last = batch[batch.length - 1];
      after = [last.seq, last.n];
    }
  }
  const language = ctx.actor?.language ?? 'en';
  return {
    filename: `access-job-${run.createdAt.toISOString().slice(0, 10)}-${run.id.slice(0, 8)}.xlsx`,
    stream: xlsxStream('Results', [...HEADERS[language]], rows()),
  };
}
