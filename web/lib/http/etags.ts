/**
 * The last ETag the server sent for each resource path (GET or PATCH), so an editor can send it
 * back as If-Match and the server can refuse (412 edit_conflict) an edit made over someone else's.
 */
const seen = new Map<string, string>();

export function rememberEtag(path: string, etag: string | null): void {
  if (etag) seen.set(path, etag);
}

export function etagFor(path: string): string | undefined {
  return seen.get(path);
}
