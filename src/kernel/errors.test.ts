import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DOC, withErrorTables } from '../../scripts/error-table.js';
import { ERROR_CODES, FIELD_CODES, problemOf } from './errors.js';

describe('kernel/errors: the one list of codes', () => {
  it('docs/api.md carries exactly the tables `npm run docs:errors` writes from ERROR_CODES and FIELD_CODES', () => {
    const doc = readFileSync(API_DOC, 'utf8');
    expect(doc, 'docs/api.md is stale: run `npm run docs:errors`').toBe(withErrorTables(doc));
  });

  it('every code is snake_case with a 4xx/5xx status, a title and a one-sentence meaning', () => {
    for (const [code, { status, title, meaning }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(title.length, code).toBeGreaterThan(0);
      expect(meaning, code).toMatch(/^[A-Z`].*\.$/);
    }
    for (const [code, meaning] of Object.entries(FIELD_CODES)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(meaning, code).toMatch(/^[A-Z`].*\.$/);
    }
  });

  it('the console translates every problem code and every field code in each of its languages', () => {
    for (const lang of ['en', 'sv', 'fi', 'nb']) {
      const texts = JSON.parse(readFileSync(new URL(`../../console/src/i18n/${lang}/errors.json`, import.meta.url), 'utf8'));
      expect(
        Object.keys(ERROR_CODES).filter((code) => typeof texts[code] !== 'string'),
        lang,
      ).toEqual([]);
      expect(
        Object.keys(FIELD_CODES).filter((code) => typeof texts.fields?.[code] !== 'string'),
        lang,
      ).toEqual([]);
    }
  });

  it('a problem document carries the status and title of its code', () => {
    expect(problemOf('already_inactive')).toMatchObject({
      status: 409,
      code: 'already_inactive',
      title: ERROR_CODES.already_inactive.title,
      type: 'https://nyckel.dev/problems/already-inactive',
    });
  });
});
