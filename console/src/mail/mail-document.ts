/**
 * The HTML of a mail as an iframe document. The iframe is sandboxed without scripts or same-origin
 * access; `<base target="_top">` makes its links (/accept-invitation?token=…) open in the console's
 * window instead of inside the frame.
 */
export function mailDocument(html: string): string {
  const head = '<meta charset="utf-8"><base target="_top"><style>body{font-family:system-ui,sans-serif;margin:16px;}</style>';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (tag) => `${tag}${head}`);
  return `<!doctype html><html><head>${head}</head><body>${html}</body></html>`;
}

/** Sandbox flags: no scripts, no same-origin; a click on a link may navigate the top window or open a tab. */
export const MAIL_SANDBOX = 'allow-top-navigation-by-user-activation allow-popups allow-popups-to-escape-sandbox';

const URL_PATTERN = /(https?:\/\/[^\s<>"')]+)/;
const IS_URL = /^https?:\/\//;

/** Splits plain text into text and link parts, so the links of a text-only mail are clickable. */
export function linkParts(text: string): { text: string; href?: string }[] {
  return text
    .split(URL_PATTERN)
    .filter(Boolean)
    .map((part) => (IS_URL.test(part) ? { text: part, href: part } : { text: part }));
}
