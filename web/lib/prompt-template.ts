/** One run of prompt text: plain text, or a `{{variable}}` placeholder with its name. */
export type PromptSegment = { type: 'text'; text: string } | { type: 'variable'; text: string; name: string };

// Kept in step with promptVariables() in contracts/content.ts, which the server uses.
const VARIABLE = /\{\{\s*([\w.-]{1,60})\s*\}\}/g;

/** Splits prompt text into plain runs and `{{variable}}` placeholders, for highlighting. */
export function promptSegments(text: string): PromptSegment[] {
  const segments: PromptSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const start = match.index;
    if (start > last) segments.push({ type: 'text', text: text.slice(last, start) });
    segments.push({ type: 'variable', text: match[0], name: match[1] ?? '' });
    last = start + match[0].length;
  }
  if (last < text.length) segments.push({ type: 'text', text: text.slice(last) });
  return segments;
}

/**
 * Fills each `{{name}}` with its value. A variable left blank keeps its placeholder, so the member
 * sees what is still missing in the composer instead of a silently vanished gap.
 */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(VARIABLE, (whole, name: string) => {
    const value = values[name];
    return value !== undefined && value.trim() !== '' ? value.trim() : whole;
  });
}

/** A variable's name as a field label: `customer_name` reads "customer name". */
export function variableLabel(name: string): string {
  return name.replaceAll(/[_.-]+/g, ' ');
}

/**
 * What the library's "Use in sandbox" carries in the router state: the values the member already
 * typed for that prompt, so the sandbox's insert form opens filled in.
 */
export interface PromptHandOff {
  promptId: string;
  values: Record<string, string>;
}

/** The values handed over for `promptId` from a router state, or none. */
export function handedOffValues(state: unknown, promptId: string): Record<string, string> {
  if (typeof state !== 'object' || state === null || !('promptHandOff' in state)) return {};
  const handOff = (state as { promptHandOff: unknown }).promptHandOff;
  if (typeof handOff !== 'object' || handOff === null) return {};
  const { promptId: id, values } = handOff as Partial<PromptHandOff>;
  if (id !== promptId || typeof values !== 'object' || values === null) return {};
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
