/** Escapes LIKE's wildcards so user text matches literally ("50%_off" finds exactly that). */
export function escapeLike(text: string): string {
  return text.replaceAll(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE/ILIKE pattern matching values that contain `text`. */
export const containing = (text: string): string => `%${escapeLike(text)}%`;
