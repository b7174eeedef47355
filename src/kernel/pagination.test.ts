import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from './db-types.js';
import {
  afterPosition,
  decodePosition,
  encodeCursor,
  escapeLike,
  keysetPage,
  keysetQuery,
  likeContains,
  likePrefix,
  positionOf,
  type Keyset,
  type Position,
} from './pagination.js';

// Compiles only: no database behind it.
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const ID = '0b6f3c1e-5d2a-4c7b-9e8f-1a2b3c4d5e6f';
const T = '2026-03-04T05:06:07.089Z';

describe('§4 LIKE escape', () => {
  it.each([
    ['plain', 'plain', 'plain%', '%plain%'],
    ['', '', '%', '%%'],
    ['100%', '100\\%', '100\\%%', '%100\\%%'],
    ['al_x', 'al\\_x', 'al\\_x%', '%al\\_x%'],
    ['a\\b', 'a\\\\b', 'a\\\\b%', '%a\\\\b%'],
    ['%_\\', '\\%\\_\\\\', '\\%\\_\\\\%', '%\\%\\_\\\\%'],
    ['Åsa Öberg', 'Åsa Öberg', 'Åsa Öberg%', '%Åsa Öberg%'],
  ])('%j: escaped %j, prefix %j, contains %j (case kept)', (input, escaped, prefix, contains) => {
    expect(escapeLike(input)).toBe(escaped);
    expect(likePrefix(input)).toBe(prefix);
    expect(likeContains(input)).toBe(contains);
  });
});

describe('§4 keyset predicate', () => {
  it.each<[Keyset, Position, string, unknown]>([
    [{ column: 'name_lower', kind: 'text', order: 'asc' }, ['acme', ID], '("name_lower", id) > ($1, $2)', 'acme'],
    [{ column: 'name_lower', kind: 'text', order: 'desc' }, ['acme', ID], '("name_lower", id) < ($1, $2)', 'acme'],
    [{ column: 'created_at', kind: 'time', order: 'asc' }, [T, ID], '("created_at", id) > ($1, $2)', new Date(T)],
    [{ column: 'at', kind: 'time', order: 'desc' }, [T, ID], '("at", id) < ($1, $2)', new Date(T)],
    [{ column: 'email_lower', kind: 'text', order: 'asc' }, ['', ID], '("email_lower", id) > ($1, $2)', ''],
  ])('%j after %j: %s', (key, after, text, value) => {
    const c = afterPosition(key, after).compile(db);
    expect(c.sql).toBe(text);
    expect(c.parameters).toEqual([value, ID]);
  });

  it.each<[Keyset, Position | null, string]>([
    [{ column: 'name_lower', kind: 'text', order: 'asc' }, null, 'select "id" from "orgs" order by "name_lower" asc, id asc'],
    [
      { column: 'name_lower', kind: 'text', order: 'desc' },
      ['acme', ID],
      'select "id" from "orgs" where ("name_lower", id) < ($1, $2) order by "name_lower" desc, id desc',
    ],
  ])('a page of %j after %j: %s', (key, after, text) => {
    expect(keysetQuery(db.selectFrom('orgs').select('id'), key, after).compile().sql).toBe(text);
  });
});

describe('§4 page assembly', () => {
  const key: Keyset = { column: 'created_at', kind: 'time', order: 'desc' };
  const row = (i: number) => ({ id: `${ID.slice(0, -1)}${i}`, created_at: new Date(Date.parse(T) - i * 1000) });

  it.each([
    [0, 2, 0, false],
    [2, 2, 2, false],
    [3, 2, 2, true],
  ])('%i rows for a limit of %i: %i shown, more follow: %s', async (n, limit, shown, more) => {
    const rows = Array.from({ length: n }, (_, i) => row(i));
    const page = await keysetPage(rows, { limit, key, total: 7, items: (p) => p.map((r) => r.id) });
    expect(page.items).toEqual(rows.slice(0, shown).map((r) => r.id));
    expect(page.total).toBe(7);
    expect(page.nextCursor).toBe(more ? encodeCursor([row(limit - 1).created_at.toISOString(), row(limit - 1).id]) : null);
  });

  it('the cursor carries extra values after the position, and decodes back to both', async () => {
    const rows = [row(0), row(1)];
    const page = await keysetPage(rows, { limit: 1, key, total: 7, carry: [7], items: async (p) => p });
    expect(decodePosition(page.nextCursor!, key, ['count'])).toEqual({ after: positionOf(row(0), key), carried: [7] });
    expect(positionOf(row(0), key)).toEqual([T, row(0).id]);
  });
});
