import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { todayOf } from './effective.js';

/**
 * R-C4 in the rights checks: a membership gives rights only inside validFrom…validUntil — on GET /orgs/{id}, in GET /me's
 * organisations, at sign-in, for an agency administrator's clients and for the platform actions of administrators.
 * The TestClock is moved day by day to show the rights come into force on validFrom and end after validUntil.
 * Own file: the clock only moves forward.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;
const plusDays = (date: string, days: number) => todayOf(new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY));
let n = 0;

describe('R-C4 membership start and end dates in rights checks', () => {
  it('R-C4 R-J1 rights start on validFrom and end after validUntil: GET /orgs/{id}, GET /me, sign-in, agency clients', async () => {
    const d0 = todayOf(t.clock.now());
    const op = await t.operator();
    const org = await makeOrg(op, { name: 'Dated Oy' });
    const anchor = await makeOrg(op, { name: 'Anchor Oy' });
    const agency = await makeOrg(op, { kind: 'agency', name: 'Dated Agency' });
    const client = await makeOrg(op, { name: 'Dated Client', agencyId: agency.id });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const { api: agencyAdmin } = await makeOrgAdmin(t, agency.id);

    // `dates` on a user-admin membership in `orgId`; with an anchor membership elsewhere the account can sign in to be asked.
    const person = async (api: ApiClient, orgId: string, dates: { validFrom?: string; validUntil?: string; historic?: boolean }, withAnchor: boolean) => {
      const account = await makeAccount(t, { email: `dated-${n++}@validity.test.nyckel` });
      if (withAnchor) await makeMembership(t, anchor.id, account.id, { modules: [{ key: 'crm' }] });
      const r = await api.post(`/api/v1/orgs/${orgId}/users`, { type: 'employee', email: account.email, modules: [{ key: 'user-admin' }], ...dates });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'active', validFrom: dates.validFrom ?? null, validUntil: dates.validUntil ?? null });
      return account;
    };
    const starting = { validFrom: plusDays(d0, 2) };
    const ending = { validUntil: plusDays(d0, 1) };
    // Ended before it was added: recorded explicitly as historic (R-C4 refuses a past end date otherwise).
    const ended = { validUntil: plusDays(d0, -1), historic: true };
    const S = await person(admin, org.id, starting, true);
    const E = await person(admin, org.id, ending, true);
    const P = await person(admin, org.id, ended, true);
    const G = await person(agencyAdmin, agency.id, starting, true);
    const soloS = await person(admin, org.id, starting, false);
    const soloE = await person(admin, org.id, ending, false);
    const soloP = await person(admin, org.id, ended, false);

    const signIn = async (a: { email: string; password: string }) =>
      (await t.client().post('/api/v1/auth/login', { email: a.email, password: a.password })).status;
    // Sessions last hours, not days: each day signs in afresh.
    const sessions = new Map<string, ApiClient>();
    const as = async (a: { email: string; password: string }) => {
      if (!sessions.has(a.email)) {
        const c = t.client();
        await c.login(a.email, a.password);
        sessions.set(a.email, c);
      }
      return sessions.get(a.email)!;
    };
    // What each account gets in `orgId` today: [GET /orgs/{id}, GET /orgs/{id}/users, in /me as admin, in GET /orgs].
    const rights = async (a: { email: string; password: string }, orgId: string) => {
      const api = await as(a);
      const me = (await api.get('/api/v1/me')).body.organisations.find((o: any) => o.id === orgId);
      const list = (await api.get('/api/v1/orgs?limit=100')).body.items.some((o: any) => o.id === orgId);
      return [
        (await api.get(`/api/v1/orgs/${orgId}`)).status,
        (await api.get(`/api/v1/orgs/${orgId}/users`)).status,
        me ? (me.admin ? 'admin' : 'member') : 'absent',
        list,
      ];
    };
    const none = [404, 404, 'absent', false];
    const adminThere = [200, 200, 'admin', true];
    const lookup = async (a: { email: string; password: string }) =>
      (await (await as(a)).get(`/api/v1/accounts/lookup?email=${encodeURIComponent(S.email)}`)).status;
    const snapshot = async () => ({
      starting: await rights(S, org.id),
      ending: await rights(E, org.id),
      ended: await rights(P, org.id),
      agencyClient: await rights(G, client.id),
      agency: await rights(G, agency.id),
      signIn: [await signIn(soloS), await signIn(soloE), await signIn(soloP)],
      lookup: [await lookup(S), await lookup(E), await lookup(P)],
    });

    // Day 0: only the ending membership is in force.
    expect(await snapshot()).toEqual({
      starting: none,
      ending: adminThere,
      ended: none,
      agencyClient: [404, 404, 'absent', false],
      agency: none,
      signIn: [403, 200, 403],
      lookup: [403, 200, 403],
    });
    // Day 1: the ending membership's last day (validUntil is inclusive); the starting one begins tomorrow.
    t.clock.advance(DAY);
    sessions.clear();
    expect(todayOf(t.clock.now())).toBe(plusDays(d0, 1));
    expect(await snapshot()).toEqual({
      starting: none,
      ending: adminThere,
      ended: none,
      agencyClient: [404, 404, 'absent', false],
      agency: none,
      signIn: [403, 200, 403],
      lookup: [403, 200, 403],
    });
    // Day 2: validFrom reached — the starting memberships are in force (the agency's clients open too); the ending one is over.
    t.clock.advance(DAY);
    sessions.clear();
    expect(await snapshot()).toEqual({
      starting: adminThere,
      ending: none,
      ended: none,
      agencyClient: [200, 403, 'member', true],
      agency: adminThere,
      signIn: [200, 403, 403],
      lookup: [200, 403, 403],
    });
  });
});
