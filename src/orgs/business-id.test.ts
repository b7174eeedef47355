import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBusinessId, type Country } from './business-id.js';

/*
 * Independent reference implementations (SPEC R-A2), deliberately written unlike the source:
 * every scheme is stated as "a weighted sum over ALL digits, check digit included, is ≡ 0", not as
 * "compute the check digit from the body and compare".
 */

/** Y-tunnus: the weights 7,9,10,5,8,4,2 are 2^7..2^1 mod 11, so a Horner "add, then double" pass gives the
 *  body sum; the check digit c (weight 1) is valid iff body sum + c ≡ 0 (mod 11). A body whose sum leaves
 *  remainder 1 would need c = 10 and so has no valid id. */
function refFinnishValid(eight: string): boolean {
  let acc = 0;
  for (const ch of eight.slice(0, 7)) acc = ((acc + (ch.charCodeAt(0) - 48)) * 2) % 11;
  return (acc + (eight.charCodeAt(7) - 48)) % 11 === 0;
}

/** Luhn over all 10 digits: from the right, every second digit is doubled (digit sum), the total ≡ 0 (mod 10). */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];
function refLuhnValid(ten: string): boolean {
  let total = 0;
  [...ten].reverse().forEach((ch, fromRight) => {
    const d = ch.charCodeAt(0) - 48;
    total += fromRight % 2 === 1 ? DOUBLED[d] : d;
  });
  return total % 10 === 0;
}

/** Organisasjonsnummer: weights 3,2,7,6,5,4,3,2 and 1 for the check digit; valid iff the sum ≡ 0 (mod 11). */
const NO_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2, 1];
function refNorwegianValid(nine: string): boolean {
  let total = 0;
  for (let i = 0; i < 9; i++) total += NO_WEIGHTS[i] * (nine.charCodeAt(i) - 48);
  return total % 11 === 0;
}

const isAsciiDigits = (s: string) => s.length > 0 && [...s].every((c) => c >= '0' && c <= '9');

/** Reference for what the validator accepts as input and what it normalises to; null = rejected.
 *  Whitespace anywhere is ignored (JS \s, the same set trim() removes). */
function refNormalise(country: Country, raw: string): string | null {
  const s = [...raw].filter((c) => !/\s/.test(c)).join('');
  if (country === 'FI') {
    // 7 digits + check (current form) or 6 digits + check (old form, zero-padded); the hyphen before the check digit is optional.
    const hyphen = s.length >= 2 && s[s.length - 2] === '-';
    const body = hyphen ? s.slice(0, -2) : s.slice(0, -1);
    const check = s.slice(-1);
    if (!isAsciiDigits(body) || !isAsciiDigits(check) || (body.length !== 6 && body.length !== 7)) return null;
    const padded = body.length === 6 ? `0${body}` : body;
    return refFinnishValid(padded + check) ? `${padded}-${check}` : null;
  }
  if (country === 'SE') {
    // NNNNNN-NNNN or NNNNNNNNNN, optionally with the century prefix 16 used for organisations.
    const candidates = [s];
    if (s.startsWith('16')) candidates.push(s.slice(2));
    for (const c of candidates) {
      const ten = c.length === 11 && c[6] === '-' ? c.slice(0, 6) + c.slice(7) : c;
      if (ten.length === 10 && isAsciiDigits(ten)) return refLuhnValid(ten) ? `${ten.slice(0, 6)}-${ten.slice(6)}` : null;
    }
    return null;
  }
  // NO: 9 digits, optionally written as the VAT form NO…MVA (either part, any case).
  let t = s;
  if (t.slice(0, 2).toUpperCase() === 'NO') t = t.slice(2);
  if (t.slice(-3).toUpperCase() === 'MVA') t = t.slice(0, -3);
  return t.length === 9 && isAsciiDigits(t) && refNorwegianValid(t) ? t : null;
}

// ---- generators of valid ids: enumerate the ten possible check digits and keep the one the reference accepts.

const digitString = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((ds) => ds.join(''));

const completeWith = (body: string, valid: (full: string) => boolean) => {
  const hits = [...'0123456789'].filter((c) => valid(body + c));
  return hits.length === 1 ? body + hits[0] : null;
};

/** Valid FI ids as their 8 digits (bodies with remainder 1 have no valid id and are skipped). */
const validFinnish = digitString(7)
  .map((b) => completeWith(b, refFinnishValid))
  .filter((x): x is string => x !== null);
const validSwedish = digitString(9)
  .map((b) => completeWith(b, refLuhnValid))
  .filter((x): x is string => x !== null);
const validNorwegian = digitString(8)
  .map((b) => completeWith(b, refNorwegianValid))
  .filter((x): x is string => x !== null);

const canonical = {
  FI: (d: string) => `${d.slice(0, 7)}-${d[7]}`,
  SE: (d: string) => `${d.slice(0, 6)}-${d.slice(6)}`,
  NO: (d: string) => d,
} as const;
const validDigits = { FI: validFinnish, SE: validSwedish, NO: validNorwegian } as const;
const refValid = { FI: refFinnishValid, SE: refLuhnValid, NO: refNorwegianValid } as const;
const countries: Country[] = ['FI', 'SE', 'NO'];

/** Ways to write a valid id (given as its bare digits) that the validator is meant to accept. */
function variants(country: Country, d: string): string[] {
  const c = canonical[country](d);
  const common = [c, ` ${c} `, `\t${c}\n`, c.split('').join(' '), `${c}\u00a0`];
  if (country === 'FI') return [...common, d, `${d.slice(0, 7)} - ${d[7]}`];
  if (country === 'SE') return [...common, d, `16${c}`, `16${d}`, `16 ${c}`];
  return [...common, `NO${d}MVA`, `no${d}mva`, `NO${d}`, `${d}MVA`, `NO ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)} MVA`];
}

const RUNS = { numRuns: 500 };

describe('R-A2 business ids', () => {
  describe('the reference implementations agree with each other on the spec examples', () => {
    it('R-A2 reference sanity: check digit rules at the edges', () => {
      // FI remainder 0 → check 0; remainder 1 → no valid id at all; else 11 − remainder.
      expect(refFinnishValid('00000000')).toBe(true);
      expect([...'0123456789'].some((c) => refFinnishValid(`1000008${c}`))).toBe(false); // 7 + 16 = 23 ≡ 1
      // NO: 11 → 0, 10 → invalid.
      expect(refNorwegianValid('000000000')).toBe(true);
      expect([...'0123456789'].some((c) => refNorwegianValid(`92360913${c}`))).toBe(false);
      expect(refLuhnValid('0000000000')).toBe(true);
    });
  });

  for (const country of countries) {
    describe(`R-A2 ${country}`, () => {
      it(`R-A2 ${country}: every valid generated id is accepted and normalised to the canonical form, in every accepted spelling`, () => {
        fc.assert(
          fc.property(validDigits[country], (d) => {
            for (const v of variants(country, d)) {
              expect(validateBusinessId(country, v), JSON.stringify(v)).toEqual({ ok: true, normalized: canonical[country](d) });
            }
          }),
          RUNS,
        );
      });

      it(`R-A2 ${country}: changing any single digit of a valid id is rejected exactly when the reference says invalid`, () => {
        fc.assert(
          fc.property(validDigits[country], fc.nat(), fc.integer({ min: 1, max: 9 }), (d, pos, delta) => {
            const i = pos % d.length;
            const changed = d.slice(0, i) + String((Number(d[i]) + delta) % 10) + d.slice(i + 1);
            const r = validateBusinessId(country, canonical[country](changed));
            expect(r.ok).toBe(refValid[country](changed));
            // All three schemes detect every single-digit error (weights invertible mod 11; Luhn doubling is a permutation).
            expect(r.ok).toBe(false);
            if (!r.ok) expect(typeof r.message).toBe('string');
          }),
          RUNS,
        );
      });

      it(`R-A2 ${country}: swapping two adjacent distinct digits is rejected whenever the reference says invalid`, () => {
        fc.assert(
          fc.property(validDigits[country], fc.nat(), (d, pos) => {
            const i = pos % (d.length - 1);
            fc.pre(d[i] !== d[i + 1]);
            const swapped = d.slice(0, i) + d[i + 1] + d[i] + d.slice(i + 2);
            const expected = refValid[country](swapped);
            const r = validateBusinessId(country, canonical[country](swapped));
            expect(r.ok).toBe(expected);
            if (expected) expect(r).toEqual({ ok: true, normalized: canonical[country](swapped) });
          }),
          RUNS,
        );
      });

      it(`R-A2 ${country}: random strings never throw and are accepted exactly when the reference accepts them`, () => {
        const idAlphabet = fc.constantFrom(
          ...'0123456789',
          '-',
          ' ',
          '\t',
          '\u00a0',
          'N',
          'O',
          'M',
          'V',
          'A',
          'n',
          'o',
          'm',
          'v',
          'a',
          '1',
          '6',
          'x',
          '\uff11',
        );
        const idLike = fc.string({ unit: idAlphabet, maxLength: 20 });
        const mutatedValid = fc
          .tuple(validDigits[country], fc.constantFrom('', ' ', '-', '16', 'NO', 'MVA', 'x', '0'), fc.nat(), fc.boolean())
          .map(([d, extra, at, drop]) => {
            const s = canonical[country](d);
            const i = at % (s.length + 1);
            return drop ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + extra + s.slice(i);
          });
        const anything = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 30 }), idLike, mutatedValid);
        fc.assert(
          fc.property(anything, (s) => {
            let r: ReturnType<typeof validateBusinessId> | undefined;
            expect(() => {
              r = validateBusinessId(country, s);
            }).not.toThrow();
            const expected = refNormalise(country, s);
            if (expected === null) {
              expect(r!.ok, JSON.stringify(s)).toBe(false);
              if (!r!.ok) expect(r!.message.length).toBeGreaterThan(0);
            } else {
              expect(r, JSON.stringify(s)).toEqual({ ok: true, normalized: expected });
            }
          }),
          { numRuns: 1500 },
        );
      });
    });
  }

  describe('R-A2 accepted spellings (exactly what the validator takes)', () => {
    const cases: [Country, string, string | null][] = [
      // FI: hyphen optional; 6-digit (old form) bodies are zero-padded; 7 digits without hyphen = 6-digit body + check.
      ['FI', '0112038-9', '0112038-9'],
      ['FI', '01120389', '0112038-9'],
      ['FI', ' 0112038 - 9 ', '0112038-9'],
      ['FI', '112038-9', '0112038-9'],
      ['FI', '1120389', '0112038-9'],
      ['FI', '0112038', null], // read as 011203-8 → 0011203-8, whose check digit is 7
      ['FI', '0011203-7', '0011203-7'],
      ['FI', '0112038-', null],
      ['FI', '0112038--9', null],
      ['FI', '012038-9', null], // 6-digit body 012038 → 0012038, whose check digit is 7
      ['FI', '012038-7', '0012038-7'],
      ['FI', '00112038-9', null], // 8-digit body
      ['FI', 'FI01120389', null], // the VAT form is not taken
      ['FI', '０１１２０３８-９', null], // full-width digits are not digits here
      // SE: hyphen optional; the organisations' century prefix 16 is taken and dropped; no other prefix.
      ['SE', '556012-5790', '556012-5790'],
      ['SE', '5560125790', '556012-5790'],
      ['SE', '16556012-5790', '556012-5790'],
      ['SE', '165560125790', '556012-5790'],
      ['SE', '19556012-5790', null],
      ['SE', '20556012-5790', null],
      ['SE', '16-556012-5790', null],
      ['SE', '55601-25790', null],
      ['SE', 'SE556012579001', null], // the VAT form is not taken
      ['SE', '556012-579', null],
      // NO: 9 digits, NO prefix and/or MVA suffix in any case, spaces anywhere.
      ['NO', '923609016', '923609016'],
      ['NO', 'NO923609016MVA', '923609016'],
      ['NO', 'NO 923 609 016 MVA', '923609016'],
      ['NO', 'no923609016mva', '923609016'],
      ['NO', 'NO923609016', '923609016'],
      ['NO', '923609016MVA', '923609016'],
      ['NO', '923 609 016', '923609016'],
      ['NO', '923-609-016', null],
      ['NO', 'MVA923609016', null],
      ['NO', 'NONO923609016', null],
      ['NO', '92360901', null],
      ['NO', '9236090160', null],
      // Empty and blank input for every country.
      ['FI', '', null],
      ['SE', '', null],
      ['NO', '', null],
      ['FI', '   ', null],
      ['SE', '   ', null],
      ['NO', 'NOMVA', null],
    ];
    it.each(cases)('R-A2 %s %j → %j', (country, input, normalized) => {
      expect(refNormalise(country, input)).toBe(normalized); // the table and the reference agree
      const r = validateBusinessId(country, input);
      if (normalized === null) expect(r.ok).toBe(false);
      else expect(r).toEqual({ ok: true, normalized });
    });
  });

  describe('R-A2 known real-world ids (check digits verified with the reference above)', () => {
    const known: [Country, string, string, boolean][] = [
      ['FI', '0112038-9', 'Nokia Oyj', true],
      ['FI', '0737546-2', 'a published Y-tunnus', true],
      ['FI', '1927400-1', 'Kone Oyj', true],
      ['FI', '0108023-3', 'Finnair Oyj', true],
      ['FI', '0201256-6', 'Helsingin kaupunki', true],
      ['FI', '0112038-8', 'Nokia with a wrong check digit', false],
      ['FI', '0112083-9', 'Nokia with two digits swapped', false],
      ['FI', '1000008-0', 'a body with remainder 1 (no valid check digit)', false],
      ['SE', '556012-5790', 'AB Volvo', true],
      ['SE', '556036-0793', 'a published organisationsnummer', true],
      ['SE', '556016-0680', 'Telefonaktiebolaget LM Ericsson', true],
      ['SE', '556703-7485', 'Spotify AB', true],
      ['SE', '202100-5448', 'Skatteverket', true],
      ['SE', '556012-5791', 'AB Volvo with a wrong check digit', false],
      ['SE', '556021-5790', 'AB Volvo with two digits swapped', false],
      ['NO', '923609016', 'Equinor ASA', true],
      ['NO', '974760673', 'Brønnøysundregistrene', true],
      ['NO', '984851006', 'DNB Bank ASA', true],
      ['NO', '982463718', 'Telenor ASA', true],
      ['NO', '914778271', 'Norsk Hydro ASA', true],
      ['NO', '923609017', 'Equinor with a wrong check digit', false],
      ['NO', '923690016', 'Equinor with two digits swapped', false],
      ['NO', '923609130', 'a body whose check digit would be 10', false],
    ];
    it.each(known)('R-A2 %s %s (%s) → valid %s', (country, id, _name, valid) => {
      expect(refNormalise(country, id) !== null).toBe(valid);
      const r = validateBusinessId(country, id);
      expect(r.ok).toBe(valid);
      if (r.ok) expect(r.normalized).toBe(id);
      else expect(r.message).toMatch(/check digit|looks like|digits/);
    });
  });
});
