/**
 * Feature flags as the client sees them. The flag administration (issue: operations) will back
 * this with a table; until then every flag has its default.
 */
export const defaultFlags: Readonly<Record<string, boolean>> = Object.freeze({ sandbox: true });

export function evaluateFlags(): Record<string, boolean> {
  return { ...defaultFlags };
}
