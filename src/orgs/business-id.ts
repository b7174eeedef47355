/** R-A2: business ids validated by country. Pure functions; property-tested against reference implementations. */
export type Country = 'FI' | 'SE' | 'NO';

export type BusinessIdResult = { ok: true; normalized: string } | { ok: false; code: 'invalid_format' | 'wrong_check_digit'; message: string };

/** Finnish Y-tunnus NNNNNNN-C: weights 7,9,10,5,8,4,2; remainder 0 → 0, 1 → invalid, else 11 − remainder. */
export function finnishCheckDigit(digits: string): number | null {
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const r = weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0) % 11;
  if (r === 0) return 0;
  if (r === 1) return null;
  return 11 - r;
}

/** Swedish organisationsnummer: 10 digits, the last a Luhn check digit over the first nine. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Norwegian organisasjonsnummer: 9 digits, weights 3,2,7,6,5,4,3,2; 11 − remainder (11 → 0, 10 → invalid). */
export function norwegianCheckDigit(digits: string): number | null {
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const c = 11 - (weights.reduce((sum, w, i) => sum + w * Number(digits[i]), 0) % 11);
  if (c === 11) return 0;
  if (c === 10) return null;
  return c;
}

export function validateBusinessId(country: Country, raw: string): BusinessIdResult {
  const value = raw.trim().replace(/\s+/g, '');
  if (country === 'FI') {
    const m = /^(\d{6,7})-?(\d)$/.exec(value);
    if (!m) return { ok: false, code: 'invalid_format', message: 'A Finnish business id (Y-tunnus) looks like 1234567-8' };
    const body = m[1].padStart(7, '0');
    const check = finnishCheckDigit(body);
    if (check === null || check !== Number(m[2])) return { ok: false, code: 'wrong_check_digit', message: 'The check digit of the Y-tunnus is wrong' };
    return { ok: true, normalized: `${body}-${m[2]}` };
  }
  if (country === 'SE') {
    const m = /^(?:16)?(\d{6})-?(\d{4})$/.exec(value);
    if (!m) return { ok: false, code: 'invalid_format', message: 'A Swedish organisationsnummer looks like 556677-8899' };
    const digits = m[1] + m[2];
    if (luhnCheckDigit(digits.slice(0, 9)) !== Number(digits[9]))
      return { ok: false, code: 'wrong_check_digit', message: 'The check digit of the organisationsnummer is wrong' };
    return { ok: true, normalized: `${m[1]}-${m[2]}` };
  }
  const digits = value.replace(/^NO/i, '').replace(/MVA$/i, '');
  if (!/^\d{9}$/.test(digits)) return { ok: false, code: 'invalid_format', message: 'A Norwegian organisasjonsnummer has 9 digits' };
  const check = norwegianCheckDigit(digits.slice(0, 8));
  if (check === null || check !== Number(digits[8]))
    return { ok: false, code: 'wrong_check_digit', message: 'The check digit of the organisasjonsnummer is wrong' };
  return { ok: true, normalized: digits };
}
