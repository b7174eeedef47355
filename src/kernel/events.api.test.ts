import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import { startTestApp, testDb, type TestApp } from '../../test/test-app.js';
import { waitFor } from '../../test/worker-process.js';
import { recordAudit } from './audit.js';
import { inTx, openPostgres } from './db.js';
import { Events, type AccessChanged } from './events.js';

// Explicit: the vitest projects do not inherit the root testTimeout/hookTimeout; a loaded machine starts an app slowly.
const TEST_TIMEOUT_MS = 120_000;
const HOOK_TIMEOUT_MS = 180_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
}, HOOK_TIMEOUT_MS);

/** Collects the access.changed events this process delivers from now on. */
function listen(events: Events = t.nyckel.deps.events) {
  const heard: AccessChanged[] = [];
  const stop = events.subscribe('access.changed', (e) => {
    heard.push(e);
  });
  return { heard, stop };
}

/** Lets other deliveries (a NOTIFY, a late callback) arrive, to show that nothing more comes. */
const settle = () => new Promise((r) => setTimeout(r, 500));

async function memberToDeactivate() {
  const op = await t.operator();
  const org = await makeOrg(op);
  const account = await makeAccount(t, { homeOrgId: org.id });
  const member = await makeMembership(t, org.id, account.id, { packages: ['base-crm'] });
  return { op, org, account, member };
}

describe('R-K1 access changes publish access.changed after commit', () => {
  it(
    'R-K1 deactivating a user delivers one event, after its change committed',
    async () => {
      const { op, org, account, member } = await memberToDeactivate();
      const { heard, stop } = listen();
      // What a subscriber sees when called: the change is already visible to everyone.
      const statusSeen: Array<Promise<string | undefined>> = [];
      const stopStatus = t.nyckel.deps.events.subscribe('access.changed', () => {
        statusSeen.push(
          t.database.db
            .selectFrom('memberships')
            .select('status')
            .where('id', '=', member.id)
            .executeTakeFirst()
            .then((r) => r?.status),
        );
      });
      const r = await op.post(`/api/v1/orgs/${org.id}/users/${member.id}/deactivate`);
      expect(r.status).toBe(200);
      await settle();
      stop();
      stopStatus();
      expect(heard).toEqual([{ type: 'access.changed', orgId: org.id, membershipIds: [member.id], accountIds: [account.id], cause: 'user.deactivated' }]);
      expect(await Promise.all(statusSeen)).toEqual(['inactive']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-B2 a change refused with license_limit_reached delivers none',
    async () => {
      const op = await t.operator();
      const org = await makeOrg(op, { seats: { crm: 1, projects: 1, timesheets: 0 } });
      const { heard, stop } = listen();
      const r = await op.post(`/api/v1/orgs/${org.id}/users`, {
        firstName: 'L',
        lastName: 'Imit',
        type: 'employee',
        email: `limit-${Date.now()}@test.nyckel`,
        packages: ['base-crm'],
      });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('license_limit_reached');
      await settle();
      stop();
      expect(heard).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-K1 an event recorded in a transaction that rolls back is dropped; one that commits arrives only at commit',
    async () => {
      const { heard, stop } = listen();
      const orgId = '00000000-0000-0000-0000-00000000e501';
      await expect(
        inTx(t.database.db, async (tx) => {
          await recordAudit(tx, null, 'user.deactivated', { orgId, targetType: 'membership', targetId: orgId });
          throw new Error('refused after the audit event');
        }),
      ).rejects.toThrow('refused after the audit event');
      let beforeCommit = -1;
      await inTx(t.database.db, async (tx) => {
        await recordAudit(tx, null, 'user.roles_assigned', { orgId, targetType: 'membership', targetId: orgId });
        await recordAudit(tx, null, 'org.updated', { orgId, targetType: 'org', targetId: orgId });
        beforeCommit = heard.length;
      });
      await settle();
      stop();
      expect(beforeCommit).toBe(0);
      expect(heard).toEqual([{ type: 'access.changed', orgId, membershipIds: [orgId], cause: 'user.roles_assigned' }]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-K1 a subscriber that throws is logged: the request and the other subscribers go on',
    async () => {
      const { op, org, member } = await memberToDeactivate();
      const stopBroken = t.nyckel.deps.events.subscribe('access.changed', () => {
        throw new Error('a broken subscriber');
      });
      const { heard, stop } = listen();
      const r = await op.post(`/api/v1/orgs/${org.id}/users/${member.id}/deactivate`);
      stopBroken();
      stop();
      expect(r.status).toBe(200);
      expect(heard.map((e) => e.cause)).toEqual(['user.deactivated']);
    },
    TEST_TIMEOUT_MS,
  );

  it.runIf(testDb === 'postgres')(
    'R-K1 on PostgreSQL another node hears the event via NOTIFY, once',
    async () => {
      const other = await openPostgres(t.databaseUrl!, 2);
      const otherEvents = new Events(other);
      try {
        await otherEvents.start();
        const { op, org, account, member } = await memberToDeactivate();
        const remote = listen(otherEvents);
        const local = listen();
        const r = await op.post(`/api/v1/orgs/${org.id}/users/${member.id}/deactivate`);
        expect(r.status).toBe(200);
        await waitFor('the other node to hear the event', async () => remote.heard.length > 0, 10_000);
        await settle();
        remote.stop();
        local.stop();
        const expected = { type: 'access.changed', orgId: org.id, membershipIds: [member.id], accountIds: [account.id], cause: 'user.deactivated' };
        expect(remote.heard).toEqual([expected]);
        // The publishing node delivered its own event once, after commit, not a second time from its NOTIFY.
        expect(local.heard).toEqual([expected]);
      } finally {
        await otherEvents.stop();
        await other.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
