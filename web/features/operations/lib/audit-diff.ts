/**
 * Turns an audit entry's before/after snapshots into a list a person can read: which fields were
 * added, removed or changed, and which stayed the same. Plain objects are walked into, so a
 * change deep inside `details` shows as `details.duration` rather than two large JSON blobs;
 * arrays and other values are compared as a whole.
 */

export type DiffKind = 'added' | 'removed' | 'changed';

export interface DiffChange {
  /** Dotted path, e.g. `enabled` or `details.duration`; `(value)` when the snapshot is not an object. */
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

export interface DiffUnchanged {
  path: string;
  value: unknown;
}

export interface AuditDiff {
  changes: DiffChange[];
  unchanged: DiffUnchanged[];
}

const ROOT = '(value)';

type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Structural equality for JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** Absent is not the same as null: `undefined` means "the snapshot did not have this field". */
function isAbsent(value: unknown): boolean {
  return value === undefined;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function walk(before: unknown, after: unknown, path: string, out: AuditDiff): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
    // An object that was empty on both sides is still a field that stayed the same.
    if (keys.length === 0 && path) out.unchanged.push({ path, value: after });
    for (const key of keys) walk(before[key], after[key], join(path, key), out);
    return;
  }
  const name = path || ROOT;
  if (isAbsent(before) && isAbsent(after)) return;
  if (isAbsent(before)) {
    out.changes.push({ path: name, kind: 'added', after });
  } else if (isAbsent(after)) {
    out.changes.push({ path: name, kind: 'removed', before });
  } else if (jsonEqual(before, after)) {
    out.unchanged.push({ path: name, value: after });
  } else {
    out.changes.push({ path: name, kind: 'changed', before, after });
  }
}

/**
 * The diff between two audit snapshots. A missing snapshot (null: nothing existed before a
 * create, or after a delete) makes every field of the other side added or removed.
 */
export function diffAudit(before: unknown, after: unknown): AuditDiff {
  const out: AuditDiff = { changes: [], unchanged: [] };
  const b = before === null ? undefined : before;
  const a = after === null ? undefined : after;
  if (b === undefined && isPlainObject(a)) {
    walk({}, a, '', out);
  } else if (a === undefined && isPlainObject(b)) {
    walk(b, {}, '', out);
  } else {
    walk(b, a, '', out);
  }
  return out;
}

/** A value as one would read it in JSON: strings quoted, objects and arrays indented. */
export function formatDiffValue(value: unknown): string {
  if (value === undefined) return '—';
  if (isPlainObject(value) || Array.isArray(value)) {
    if (Array.isArray(value) && value.length === 0) return '[]';
    if (isPlainObject(value) && Object.keys(value).length === 0) return '{}';
    return JSON.stringify(value, null, 2);
  }
  return JSON.stringify(value) ?? String(value);
}

/** True when the formatted value spans lines and reads better as a block than inline. */
export function isMultiline(value: unknown): boolean {
  return formatDiffValue(value).includes('\n');
}
