import { createTheme, darken, luminance, type CSSVariablesResolver, type MantineTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'violet',
  // Shade 7 keeps white button text and violet links at 4.5:1 or more (WCAG AA) in both schemes.
  primaryShade: { light: 7, dark: 7 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  cursorType: 'pointer',
  // People who ask their system for less motion get no transitions (and the browser suite runs so).
  respectReducedMotion: true,
  components: {
    Paper: { defaultProps: { radius: 'lg' } },
    Card: { defaultProps: { radius: 'lg', withBorder: true } },
    Modal: { defaultProps: { radius: 'lg', overlayProps: { blur: 2 } } },
    Tooltip: { defaultProps: { withArrow: true } },
    // Mantine's focus placeholder is a role="presentation" child of role="menu", which ARIA does not
    // allow (axe aria-required-children, critical; issue 25). Without it the first item takes focus.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
  },
});

/** WCAG contrast ratio of two colours (any format Mantine's `luminance` reads). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Text for Mantine's "light" variant (badges, alerts, light buttons) in the light scheme. Mantine
 * writes shade 9 on shade 1, which is under 4.5:1 for the bright palettes (teal 4.3, orange 3.6,
 * yellow, lime…): darken shade 9 just enough to reach AA on its own tint.
 */
export function readableOnTint(theme: MantineTheme, color: string): string {
  const palette = theme.colors[color];
  if (!palette) return 'inherit';
  let text = palette[9];
  for (let step = 0.05; contrastRatio(text, palette[1]) < 4.6 && step < 1; step += 0.05) text = darken(palette[9], step);
  return text;
}

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  // Mantine's light "dimmed" (gray-6) is 3.3:1 on white; this grey is 5.7:1 on white and on gray-0.
  light: {
    '--app-main-bg': 'var(--mantine-color-gray-0)',
    '--mantine-color-dimmed': '#5f666d',
    '--mantine-color-placeholder': '#6b7178',
    // Red text for destructive menu items (sign out, delete): red-6 is 3.3:1 on white, red-9 6:1 (issue 25).
    '--app-danger-text': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(Object.keys(t.colors).map((c) => [`--mantine-color-${c}-light-color`, readableOnTint(t, c)])),
  },
  // Mantine's dark "dimmed" (dark-2) falls under 4.5:1 on cards; dark-1 does not. Links (violet-4)
  // read 4.0:1 on a dark card, violet-3 reads 6:1; the placeholder (dark-3) reads 2.5:1, dark-2 4.6:1.
  dark: {
    '--app-main-bg': 'var(--mantine-color-dark-8)',
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-anchor': 'var(--mantine-color-violet-3)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-1)',
    '--app-danger-text': 'var(--mantine-color-red-4)',
  },
});
