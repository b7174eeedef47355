import { sql, type ColumnType, type Kysely } from 'kysely';
import type { DB, Queryable } from '../kernel/db.js';

/** migrations/0009_apps.sql: oidc-provider's storage, signing keys and the organisation chosen per grant. */
interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}
interface OidcKeysTable {
  kid: string;
  use: 'sig' | 'cookie';
  jwk: ColumnType<Record<string, unknown>, string, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  retired_at: Date | null;
}
interface OidcGrantOrgsTable {
  grant_id: string;
  app_id: string;
  account_id: string;
  org_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}
type OidcDB = DB & { oidc_payloads: OidcPayloadsTable; oidc_keys: OidcKeysTable; oidc_grant_orgs: OidcGrantOrgsTable };
const on = (q: Queryable) => q as unknown as Kysely<OidcDB>;

export async function upsertPayload(
  db: Queryable,
  row: {
    model: string;
    id: string;
    payload: Record<string, unknown>;
    grantId: string | null;
    userCode: string | null;
    uid: string | null;
    expiresAt: Date | null;
  },
) {
  const values = {
    model: row.model,
    id: row.id,
    payload: JSON.stringify(row.payload),
    grant_id: row.grantId,
    user_code: row.userCode,
    uid: row.uid,
    expires_at: row.expiresAt,
  };
  await on(db)
    .insertInto('oidc_payloads')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: values.payload,
        grant_id: values.grant_id,
        user_code: values.user_code,
        uid: values.uid,
        expires_at: values.expires_at,
      }),
    )
    .execute();
}

type By = { id: string } | { uid: string } | { userCode: string };

/** A stored model, unless expired; consumed ones carry consumedAt. */
export async function findPayload(db: Queryable, model: string, by: By, now: Date) {
  let q = on(db)
    .selectFrom('oidc_payloads')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  if ('id' in by) q = q.where('id', '=', by.id);
  else if ('uid' in by) q = q.where('uid', '=', by.uid);
  else q = q.where('user_code', '=', by.userCode);
  return q.executeTakeFirst();
}

export async function consumePayload(db: Queryable, model: string, id: string, now: Date) {
  await on(db).updateTable('oidc_payloads').set({ consumed_at: now }).where('model', '=', model).where('id', '=', id).execute();
}

export async function destroyPayload(db: Queryable, model: string, id: string) {
  await on(db).deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

export async function revokeGrantPayloads(db: Queryable, grantId: string) {
  await on(db).deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Removes expired models (a sweep; reads already ignore them). */
export async function deleteExpiredPayloads(db: Queryable, now: Date): Promise<number> {
  const r = await on(db).deleteFrom('oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface KeyRow {
  kid: string;
  use: 'sig' | 'cookie';
  jwk: Record<string, unknown>;
  created_at: Date;
  retired_at: Date | null;
}

/** Keys still in use: not retired, or retired after `since` (their tokens may not have expired yet); newest first. */
export async function publishedKeys(db: Queryable, since: Date): Promise<KeyRow[]> {
  return (await on(db)
    .selectFrom('oidc_keys')
    .select(['kid', 'use', 'jwk', 'created_at', 'retired_at'])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
    .orderBy('created_at', 'desc')
    .orderBy('kid', 'desc')
    .execute()) as KeyRow[];
}

export async function insertKey(db: Queryable, row: { kid: string; use: 'sig' | 'cookie'; jwk: Record<string, unknown> }) {
  await on(db)
    .insertInto('oidc_keys')
    .values({ kid: row.kid, use: row.use, jwk: JSON.stringify(row.jwk), retired_at: null })
    .execute();
}

export async function retireKeys(db: Queryable, use: 'sig' | 'cookie', now: Date) {
  await on(db).updateTable('oidc_keys').set({ retired_at: now }).where('use', '=', use).where('retired_at', 'is', null).execute();
}

/** Serialises key creation across nodes (first start of several nodes at once). */
export async function lockKeys(db: Queryable) {
  await sql`select pg_advisory_xact_lock(7470009)`.execute(db);
}

export async function insertGrantOrg(db: Queryable, row: { grantId: string; appId: string; accountId: string; orgId: string }) {
  await on(db).insertInto('oidc_grant_orgs').values({ grant_id: row.grantId, app_id: row.appId, account_id: row.accountId, org_id: row.orgId }).execute();
}

export async function findGrantOrg(db: Queryable, grantId: string) {
  return on(db)
    .selectFrom('oidc_grant_orgs as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.grant_id', 'g.app_id', 'g.account_id', 'g.org_id', 'o.name as org_name'])
    .where('g.grant_id', '=', grantId)
    .executeTakeFirst();
}
