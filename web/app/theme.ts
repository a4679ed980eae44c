import { createTheme, type CSSVariablesResolver } from '@mantine/core';

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
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // Mantine's light "dimmed" (gray-6) is 3.3:1 on white; this grey is 5.7:1 on white and on gray-0.
  light: {
    '--app-main-bg': 'var(--mantine-color-gray-0)',
    '--mantine-color-dimmed': '#5f666d',
    '--mantine-color-placeholder': '#6b7178',
  },
  // Mantine's dark "dimmed" (dark-2) falls under 4.5:1 on cards; dark-1 does not.
  dark: { '--app-main-bg': 'var(--mantine-color-dark-8)', '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
