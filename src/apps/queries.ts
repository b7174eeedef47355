import type { ColumnType, Kysely } from 'kysely';
import type { DB, Queryable } from '../kernel/db.js';

/** migrations/0009_apps.sql: the registered module applications (R-L3). */
export interface AppsTable {
  id: string;
  name: string;
  client_id: string;
  secret_hash: string;
  redirect_uris: ColumnType<string[], string, string>;
  post_logout_redirect_uris: ColumnType<string[], string, string>;
  modules: ColumnType<string[], string, string>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  secret_rotated_at: ColumnType<Date, Date | undefined, Date>;
  disabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type AppsDB = DB & { apps: AppsTable };
const on = (q: Queryable) => q as unknown as Kysely<AppsDB>;

export const APP_COLUMNS = [
  'id',
  'name',
  'client_id',
  'secret_hash',
  'redirect_uris',
  'post_logout_redirect_uris',
  'modules',
  'created_at',
  'secret_rotated_at',
  'disabled_at',
] as const;

export type AppRow = Pick<AppsTable, 'id' | 'name' | 'client_id' | 'secret_hash'> & {
  disabled_at: Date | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  modules: string[];
  created_at: Date;
  secret_rotated_at: Date;
};

export async function insertApp(
  db: Queryable,
  row: {
    id: string;
    name: string;
    clientId: string;
    secretHash: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
    modules: string[];
    createdBy: string | null;
  },
): Promise<AppRow> {
  return (await on(db)
    .insertInto('apps')
    .values({
      id: row.id,
      name: row.name,
      client_id: row.clientId,
      secret_hash: row.secretHash,
      redirect_uris: JSON.stringify(row.redirectUris),
      post_logout_redirect_uris: JSON.stringify(row.postLogoutRedirectUris),
      modules: JSON.stringify(row.modules),
      created_by: row.createdBy,
    })
    .returning([...APP_COLUMNS])
    .executeTakeFirstOrThrow()) as AppRow;
}

export async function listApps(db: Queryable): Promise<AppRow[]> {
  return (await on(db)
    .selectFrom('apps')
    .select([...APP_COLUMNS])
    .orderBy('name')
    .orderBy('id')
    .execute()) as AppRow[];
}

export async function findApp(db: Queryable, id: string, forUpdate = false): Promise<AppRow | undefined> {
  let q = on(db)
    .selectFrom('apps')
    .select([...APP_COLUMNS])
    .where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return (await q.executeTakeFirst()) as AppRow | undefined;
}

export async function findAppByClientId(db: Queryable, clientId: string): Promise<AppRow | undefined> {
  return (await on(db)
    .selectFrom('apps')
    .select([...APP_COLUMNS])
    .where('client_id', '=', clientId)
    .executeTakeFirst()) as AppRow | undefined;
}

export async function updateApp(
  db: Queryable,
  id: string,
  set: Partial<{ secret_hash: string; secret_rotated_at: Date; disabled_at: Date | null }>,
): Promise<AppRow> {
  return (await on(db)
    .updateTable('apps')
    .set(set)
    .where('id', '=', id)
    .returning([...APP_COLUMNS])
    .executeTakeFirstOrThrow()) as AppRow;
}
