import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { newId } from '../kernel/crypto.js';
import { inTx } from '../kernel/db.js';
import { notify, type NewNotification } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 180_000);
afterAll(async () => {
  await t?.close();
}, 180_000);

const jobFinished = (accountId: string, counts: Record<string, number> = { granted: 3 }): NewNotification => ({
  accountId,
  kind: 'access_job_finished',
  orgId: newId(),
  subject: { type: 'access_job', id: newId() },
  summary: { operation: 'grant', total: 3, counts },
});

async function signedIn() {
  const a = await makeAccount(t);
  const c = t.client();
  await c.login(a.email, a.password);
  return { account: a, client: c };
}

describe('R-K2 in-app notifications', () => {
  it('R-K2 lists the caller’s notifications newest first with the unread count, pages with a cursor, and marks one read', async () => {
    const { account, client } = await signedIn();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      ids.push(await notify(t.database.db, jobFinished(account.id, { granted: i }), t.clock.now()));
    }
    const first = await client.get('/api/v1/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.unread).toBe(3);
    expect(first.body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0]).toMatchObject({
      kind: 'access_job_finished',
      read: false,
      subject: { type: 'access_job' },
      summary: { counts: { granted: 2 } },
    });
    const second = await client.get(`/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();

    const read = await client.post(`/api/v1/notifications/${ids[1]}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[1], read: true });
    const after = await client.get('/api/v1/notifications');
    expect(after.body.unread).toBe(2);
    expect(after.body.items.find((n: { id: string }) => n.id === ids[1]).read).toBe(true);
    const unreadOnly = await client.get('/api/v1/notifications?unread=true');
    expect(unreadOnly.body.items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[0]]);

    const all = await client.post('/api/v1/notifications/read-all');
    expect(all.body).toEqual({ marked: 2 });
    expect((await client.get('/api/v1/notifications')).body.unread).toBe(0);
  });

  it('R-K2 R-J1 another account’s notification is not found, even for an operator; anonymous callers are refused', async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const id = await notify(t.database.db, jobFinished(owner.account.id), t.clock.now());
    expect((await other.client.post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await (await t.operator()).post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    expect((await other.client.get('/api/v1/notifications')).body.total).toBe(0);
    expect((await t.client().get('/api/v1/notifications')).status).toBe(401);
    expect((await owner.client.get('/api/v1/notifications')).body.items[0].read).toBe(false);
  });

  it('R-K2 a notification written in a transaction that rolls back does not exist', async () => {
    const { account, client } = await signedIn();
    await expect(
      inTx(t.database.db, async (tx) => {
        await notify(tx, { ...jobFinished(account.id), kind: 'conversion_applied', subject: { type: 'org', id: newId() } }, t.clock.now());
        throw new Error('the conversion failed');
      }),
    ).rejects.toThrow('the conversion failed');
    expect((await client.get('/api/v1/notifications')).body.total).toBe(0);
  });

  it('R-K2 bad input is a 4xx with a code', async () => {
    const { client } = await signedIn();
    expect((await client.post('/api/v1/notifications/not-a-uuid/read')).status).toBe(400);
    expect((await client.get('/api/v1/notifications?unread=maybe')).body.code).toBe('validation_failed');
    expect((await client.get('/api/v1/notifications?cursor=garbage')).body.code).toBe('validation_failed');
  });
});
