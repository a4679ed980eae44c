/**
 * The colour of a destructive menu item's text (sign out, delete), readable (4.5:1 or more) in both
 * schemes: Mantine's red-6 is 3.3:1 on white (axe, issue 25). The variable is set in web/app/theme.ts.
 */
export const DANGER_TEXT = 'var(--app-danger-text)';
