/** The same `{{name}}` rule as `promptVariables` in contracts/content.ts (the server lists them). */
const variablePattern = /\{\{\s*([\w.-]{1,60})\s*\}\}/g;

/**
 * Fills each `{{name}}` with its value. A variable left blank keeps its placeholder, so the member
 * sees what is still missing in the composer instead of a silently vanished gap.
 */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(variablePattern, (whole, name: string) => {
    const value = values[name];
    return value !== undefined && value.trim() !== '' ? value.trim() : whole;
  });
}
