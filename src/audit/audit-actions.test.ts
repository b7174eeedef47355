import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../kernel/audit-actions.js';
import { consoleText } from '../kernel/console-texts.js';
import { LANGUAGES } from '../kernel/enums.js';
import { changeLines, sentence } from './texts.js';

const SRC = path.resolve(import.meta.dirname, '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
  );

/** Audit actions written as literals anywhere in the server: recordAudit(tx, actor, 'x.y', …), finish(s, 'x.y'), action: 'x.y'. */
function actionsInCode(): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /recordAudit\([^,]+,\s*[^,]+,\s*'([a-z_]+\.[a-z_]+)'/g,
    /finish\(s,\s*'([a-z_]+\.[a-z_]+)'/g,
    /changeRoles\([^)]*?'([a-z_]+\.[a-z_]+)'/g,
    /action: '([a-z_]+\.[a-z_]+)'/g,
  ];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) found.add(m[1]!);
    // Ternaries: recordAudit(tx, null, cond ? 'a.b' : 'c.d', …)
    for (const m of text.matchAll(/recordAudit\([^,]+,\s*[^,]+,\s*[^,]*\?\s*'([a-z_]+\.[a-z_]+)'\s*:\s*'([a-z_]+\.[a-z_]+)'/g)) {
      found.add(m[1]!);
      found.add(m[2]!);
    }
  }
  return found;
}

describe('issue 14 item 11: the audit log in words', () => {
  it('R-K1 the registry holds every audit action the server writes (recordAudit takes only registered actions)', () => {
    const inCode = actionsInCode();
    expect(inCode.size).toBeGreaterThan(30);
    expect([...inCode].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)).sort()).toEqual([]);
  });

  it('R-K1 every audit action has a label and a sentence, and every target type a name, in every console language', () => {
    for (const language of LANGUAGES) {
      const missing = AUDIT_ACTIONS.flatMap((action) => {
        const key = action.replace(/\./g, '_');
        const label = consoleText(language, `audit:actions.${key}`);
        const said = readFileSync(new URL(`../../console/src/i18n/${language}/audit.json`, import.meta.url), 'utf8');
        const own = JSON.parse(said) as { actions?: Record<string, string>; sentences?: Record<string, string> };
        // Present in this language itself (consoleText falls back to English; the test must not).
        return [
          ...(typeof own.actions?.[key] === 'string' && label ? [] : [`actions.${key}`]),
          ...(typeof own.sentences?.[key] === 'string' ? [] : [`sentences.${key}`]),
        ];
      });
      expect(missing, language).toEqual([]);
      const own = JSON.parse(readFileSync(new URL(`../../console/src/i18n/${language}/audit.json`, import.meta.url), 'utf8'));
      expect(
        AUDIT_TARGET_TYPES.filter((t) => typeof own.targets?.[t] !== 'string'),
        language,
      ).toEqual([]);
    }
  });

  it('R-K1 a sentence names who and whom, in each language; an event without actor is the system', () => {
    expect(sentence('en', 'user.deactivated', 'Anna Andersson', 'Erik Berg')).toBe('Anna Andersson deactivated Erik Berg');
    expect(sentence('sv', 'user.deactivated', 'Anna Andersson', 'Erik Berg')).toBe('Anna Andersson inaktiverade Erik Berg');
    expect(sentence('fi', 'user.deactivated', 'Anna Andersson', 'Erik Berg')).toBe('Anna Andersson passivoi käyttäjän Erik Berg');
    expect(sentence('nb', 'user.deactivated', 'Anna Andersson', 'Erik Berg')).toBe('Anna Andersson deaktiverte Erik Berg');
    expect(sentence('en', 'org.created', null, 'Aalto Oy')).toBe('System created the organisation Aalto Oy');
    for (const language of LANGUAGES)
      for (const action of AUDIT_ACTIONS) expect(sentence(language, action, 'A', 'B'), `${language} ${action}`).not.toMatch(/\{\{|undefined/);
  });

  it('R-K1 changed fields read as translated labels with formatted values', () => {
    expect(
      changeLines('fi', { status: 'active', jobTitle: 'Insinööri', packages: [] }, { status: 'inactive', jobTitle: 'Insinööri', packages: ['base-payroll'] }),
    ).toEqual([`Paketit: — → ${consoleText('fi', 'common:packages.base-payroll')}`, 'Tila: Aktiivinen → Ei-aktiivinen']);
  });
});
