import { useTranslation } from 'react-i18next';

const LOCALES: Record<string, string> = { en: 'en-GB', sv: 'sv-SE', fi: 'fi-FI', nb: 'nb-NO' };

/** Formats ISO timestamps and dates in the UI language. */
export function useFormatters() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language] ?? 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  const safe = (format: (d: Date) => string) => (iso: string | null | undefined) => {
    if (!iso) return '—';
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? iso : format(parsed);
  };
  return {
    dateTime: safe((d) => dateTime.format(d)),
    date: safe((d) => date.format(d)),
    time: (d: Date) => time.format(d),
    number: (n: number) => number.format(n),
  };
}
