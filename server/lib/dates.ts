/** A timestamp as the API writes it (ISO 8601, UTC), from a Date or the database's text. */
export const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
