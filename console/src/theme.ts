import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/**
 * Issue 14 item 13 (WCAG 2.1 AA contrast, 1.4.3): Mantine's palette with its darkest shades darkened where needed, so
 * that white text on a filled colour (shade 8, the primary shade), a colour's text on white (shade 8) and a light
 * badge's text (shade 9) on its tint (shades 1–2) all reach 4.5:1. Each entry lists only the shades that differ
 * from Mantine's, ending at shade 9; the lighter shades are Mantine's own.
 */
const darkened: Record<string, string[]> = {
  // Gray 6 is secondary text (c="dimmed", descriptions, notification texts): 5.8:1 on white instead of 3.3:1.
  gray: ['#5f666d', '#495057', '#343a40', '#212529'],
  red: ['#ce2d2d', '#a92323'],
  pink: ['#a31d4b'],
  grape: ['#812c96'],
  violet: ['#5637b0'],
  indigo: ['#3046af'],
  blue: ['#186fbe', '#155896'],
  cyan: ['#0b788a', '#0a6475'],
  teal: ['#0ca376', '#087b57', '#076d4e'],
  green: ['#33a447', '#257b35', '#226e32'],
  lime: ['#649e13', '#49790b', '#3c6309'],
  yellow: ['#c47f00', '#9e5c00', '#824b00'],
  orange: ['#ed6307', '#ba470a', '#a9380c'],
};
function withDarkened(name: string, tail: string[]): MantineColorsTuple {
  const mantine = DEFAULT_THEME.colors[name];
  if (!mantine) throw new Error(`Mantine has no colour ${name}`);
  return [...mantine.slice(0, 10 - tail.length), ...tail] as unknown as MantineColorsTuple;
}
const colors = Object.fromEntries(Object.entries(darkened).map(([name, tail]) => [name, withDarkened(name, tail)]));

/** Secondary text is gray 6 (darkened above), errors the darker red 8 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});

/** The console's theme; `closeLabel` names the close buttons of dialogs, drawers and notifications, `clearLabel` a file input's clear button (WCAG 4.1.2). */
export function consoleTheme(closeLabel: string, clearLabel: string) {
  const closeButtonProps = { 'aria-label': closeLabel };
  return createTheme({
    primaryColor: 'indigo',
    primaryShade: { light: 8, dark: 8 },
    defaultRadius: 'sm',
    colors,
    components: {
      Modal: { defaultProps: { closeButtonProps } },
      Drawer: { defaultProps: { closeButtonProps } },
      Notification: { defaultProps: { closeButtonProps } },
      Alert: { defaultProps: { closeButtonLabel: closeLabel } },
      FileInput: { defaultProps: { clearButtonProps: { 'aria-label': clearLabel } } },
      // A table wider than a phone scrolls in its own container, which the keyboard can reach and scroll (WCAG 2.1.1).
      TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
    },
  });
}
