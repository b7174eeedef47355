import { administratorBatchGuard } from '../access/administrators.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { withdrawLinksIfNoAccessLeft } from '../auth/service.js';
import { getCatalogue } from '../catalogue/service.js';
import { recordAudits } from '../kernel/audit.js';
import type { Actor } from '../kernel/auth-context.js';
import { newId } from '../kernel/crypto.js';
import type { Tx } from '../kernel/db.js';
import type { BatchContext, ItemResult } from '../kernel/job-runs.js';
import { addInUseBulk, lockPoolsBulk } from '../licenses/service.js';
import {
  deleteMembershipsBulk,
  homeAt,
  deleteModuleGrantsBulk,
  deletePackageGrantsBulk,
  insertMembershipsBulk,
  insertModuleGrantsBulk,
  lockMembershipsOfAccounts,
  touchMembershipsBulk,
  type BulkMemberRow,
} from '../users/members.js';
import type { AccessJobOperation } from '../kernel/enums.js';
import { countOutcomes, planBatch, type Consultant, type ExistingMember, type ItemOutcome } from './plan.js';
import * as q from './queries.js';

/** What a run of an access job keeps as its input: the request, with the consultants as they were when it started. */
export interface AccessJobInput {
  operation: AccessJobOperation;
  modules: string[];
  consultants: Consultant[];
  clientCount: number;
}

/** One run item: one client (its results are the consultants × modules there). */
export interface AccessJobItem {
  clientId: string;
}

/**
 * Where the revoke path decides per item whether an organisation rule refuses the removal (R-H1 revoke_clients and
 * revoke_programs): the last-administrator rule of src/access/administrators.ts in its batch form — a removal that would
 * leave a client without an active system administrator fails with `last_administrator` (operators excepted).
 */
export function revokeRefusalFrom(lastAdministrator: (orgId: string, membershipId: string) => 'last_administrator' | null) {
  return (clientId: string, member: ExistingMember, change: 'delete' | { removes: string }): string | null =>
    change === 'delete' || change.removes === 'user-admin' ? lastAdministrator(clientId, member.id) : null;
}

/** The results per item of a batch, in the batch's order, as the runner wants them. */
function itemResults(items: { seq: number }[], results: Map<number, ItemOutcome[]>): ItemResult[] {
  return items.map(({ seq }) => {
    const rs = results.get(seq) ?? [];
    const counts = countOutcomes(rs);
    const outcome = Object.keys(counts).length === 1 ? Object.keys(counts)[0] : 'mixed';
    return { outcome, counts };
  });
}

/**
 * Applies a batch of clients in the caller's transaction (R-H1, R-H2, R-B2, R-K1): the consultants' memberships there
 * are locked first (the order a single change takes: member, then pools), then the pools; every item is decided by the
 * initiator's standing at its client and the seats left; memberships, grants, seats, audit events and results are
 * written in one statement each.
 */
export async function applyAccessBatch(batch: BatchContext<AccessJobItem>): Promise<ItemResult[]> {
  const { tx, ctx, items, orgId: agencyId, runId } = batch;
  const input = batch.runInput as AccessJobInput;
  const actor = batch.actor;
  if ('system' in actor) throw new Error('an access job always has an initiator');
  // Read on the batch's transaction: on PGlite (one connection) a read on the pool would wait for this transaction.
  const catalogue = await getCatalogue(tx);
  const now = ctx.clock.now();
  const today = todayOf(now);
  const clientIds = items.map((i) => i.input.clientId);
  const accountIds = input.consultants.map((c) => c.accountId);

  const memberRows = await lockMembershipsOfAccounts(tx, clientIds, accountIds);
  const standings = await policy.standingsIn(tx, actor, clientIds, now);
  // Members, then the organisations whose administrators a removal may touch, then the pools: a single change's order.
  const revokes = input.operation !== 'grant';
  const lastAdministrator = revokes
    ? await administratorBatchGuard(
        tx,
        actor,
        clientIds,
        memberRows.map((m) => m.id),
        now,
      )
    : () => null;
  const poolModules = input.operation === 'revoke_clients' ? [...catalogue.licensed] : input.modules.filter((m) => catalogue.licensed.has(m));
  const pools = await lockPoolsBulk(tx, clientIds, poolModules.sort());

  const plan = planBatch({
    operation: input.operation,
    modules: input.modules,
    consultants: input.consultants,
    clients: items.map((i) => ({ seq: i.seq, clientId: i.input.clientId })),
    standings,
    members: new Map(
      memberRows.map((m) => [
        `${m.org_id}:${m.account_id}`,
        { id: m.id, type: m.type, status: m.status, packages: m.packages ?? [], modules: m.modules ?? [] } satisfies ExistingMember,
      ]),
    ),
    pools: new Map(pools.map((p) => [`${p.org_id}:${p.module_key}`, { seats: p.seats, inUse: p.in_use }])),
    catalogue,
    today,
    checkSeats: true,
    revokeRefusal: revokeRefusalFrom(lastAdministrator),
    newId,
  });
  await writePlan(tx, actor, agencyId, runId, plan, now);
  return itemResults(items, plan.results);
}

async function writePlan(tx: Tx, actor: Actor, agencyId: string, runId: string, plan: ReturnType<typeof planBatch>, now: Date) {
  const members: BulkMemberRow[] = plan.newMembers.map((n) => {
    const { home, homeOrgId, homeOrgName } = homeAt(n.clientId, n.consultant.homeOrg);
    return {
      org_id: n.clientId,
      id: n.id,
      person_id: n.personId,
      account_id: n.consultant.accountId,
      type: 'reseller',
      status: n.status,
      reseller_role: 'accountant',
      first_name: n.consultant.firstName,
      last_name: n.consultant.lastName,
      email: n.consultant.email,
      home,
      home_org_id: homeOrgId,
      home_org_name: homeOrgName,
    };
  });
  await insertMembershipsBulk(tx, members);
  await deletePackageGrantsBulk(tx, plan.removePackages);
  await deleteModuleGrantsBulk(tx, plan.removeModules);
  await insertModuleGrantsBulk(tx, plan.addModules);
  await deleteMembershipsBulk(tx, plan.deleteMembers);
  // R-C11: an account whose last access went with these memberships loses its open links, as on a single delete.
  const removed = new Set(plan.changes.filter((c) => c.action === 'user.deleted').map((c) => c.accountId));
  for (const accountId of removed) await withdrawLinksIfNoAccessLeft(tx, accountId, now);
  await touchMembershipsBulk(tx, plan.touched);
  await addInUseBulk(
    tx,
    [...plan.seatDeltas]
      .filter(([, d]) => d !== 0)
      .map(([key, delta]) => {
        const [org_id, module_key] = key.split(':');
        return { org_id, module_key, delta };
      }),
  );
  // R-K1: every membership the job changed, with the initiator as actor and the job in the event.
  await recordAudits(
    tx,
    actor,
    plan.changes.map((c) => ({
      action: c.action,
      orgId: c.clientId,
      targetType: 'membership',
      targetId: c.membershipId,
      before: c.before && { ...c.before, accessJobId: runId },
      after: c.after && { ...c.after, accessJobId: runId },
    })),
  );
  const rows: q.ResultRow[] = [];
  for (const [seq, results] of plan.results) {
    results.forEach((r, n) =>
      rows.push({
        org_id: agencyId,
        job_id: runId,
        seq,
        n,
        client_id: r.clientId,
        consultant_account_id: r.consultantAccountId,
        module: r.module,
        outcome: r.outcome,
        reason: r.reason,
      }),
    );
  }
  await q.insertResults(tx, rows);
}

/** A client given up (transient failures, or the run gave up): every item there is `failed`, written as results. */
export async function failAccessItem(
  tx: Tx,
  agencyId: string,
  runId: string,
  seq: number,
  item: AccessJobItem,
  runInput: unknown,
  reason: string | null,
): Promise<Record<string, number>> {
  const input = runInput as AccessJobInput;
  const modules: (string | null)[] = input.operation === 'revoke_clients' ? [null] : input.modules;
  const rows: q.ResultRow[] = [];
  for (const c of input.consultants)
    for (const module of modules)
      rows.push({
        org_id: agencyId,
        job_id: runId,
        seq,
        n: rows.length,
        client_id: item.clientId,
        consultant_account_id: c.accountId,
        module,
        outcome: 'failed',
        reason: reason ?? 'internal_error',
      });
  await q.insertResults(tx, rows);
  return { failed: rows.length };
}
