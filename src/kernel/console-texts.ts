import { readFileSync } from 'node:fs';
import { LANGUAGES, type Language } from './enums.js';

/**
 * The console's translations (console/src/i18n/<language>/<namespace>.json), read by the server for what it writes in
 * a language itself: the Excel exports' values and the audit log's sentences. One source for both, so a download
 * says what the screen says. i18next's conventions: `ns:a.b` keys, `{{name}}` placeholders, `_one`/`_other` plurals.
 */
type Tree = { [key: string]: string | Tree };
const cache = new Map<string, Tree>();

function namespace(language: Language, ns: string): Tree {
  const key = `${language}/${ns}`;
  let tree = cache.get(key);
  if (!tree) {
    tree = JSON.parse(readFileSync(new URL(`../../console/src/i18n/${key}.json`, import.meta.url), 'utf8')) as Tree;
    cache.set(key, tree);
  }
  return tree;
}

function lookup(language: Language, key: string): string | undefined {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
  let node: string | Tree | undefined = namespace(language, ns);
  for (const part of path.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The text of `key` in `language` (English when the language lacks it), or undefined when no language has it. */
export function consoleText(language: Language, key: string, values: Record<string, string | number> = {}): string | undefined {
  let text: string | undefined;
  for (const lang of language === 'en' ? ['en' as const] : [language, 'en' as const]) {
    if (typeof values.count === 'number') {
      text = lookup(lang, `${key}_${new Intl.PluralRules(lang).select(values.count)}`) ?? lookup(lang, `${key}_other`);
    }
    text ??= lookup(lang, key);
    if (text !== undefined) break;
  }
  return text?.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The language of a request: `?lang=` when given, else the best of Accept-Language, else the account's, else English. */
export function requestLanguage(lang: string | undefined, acceptLanguage: string | undefined, accountLanguage?: Language): Language {
  if (lang && isLanguage(lang)) return lang;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag!.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split('-')[0]!;
    // Norwegian: "no" and "nn" are read as Bokmål, the only Norwegian the console has.
    const mapped = base === 'no' || base === 'nn' ? 'nb' : base;
    if (isLanguage(mapped)) return mapped;
  }
  return accountLanguage ?? 'en';
}

function isLanguage(s: string): s is Language {
  return (LANGUAGES as readonly string[]).includes(s);
}
