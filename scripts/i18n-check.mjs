#!/usr/bin/env node
// Fails (exit 1) when the web app's strings are incomplete (ADR 0022):
//  - a namespace file or a key exists in one language but not in another (web/locales/<lang>/<ns>.json);
//  - a plural has no `_other` form, or a key's {{placeholders}} differ between languages, or a value is empty;
//  - a `t('key')`, `t('ns:key')`, `i18n.t('ns:key')` or `i18nKey="key"` literal in web/ names a key
//    missing from English (namespace: the `ns:` prefix, else the file's useTranslation namespaces,
//    or `TFunction<'ns'>` types, else `common`); a `t(`prefix.${x}`)` template needs some key under `prefix.`;
//  - `useTranslation('ns')` names a namespace without a file;
//  - shared code (web/components, web/lib) uses a feature's namespace: it reads only SHARED_NAMESPACES,
//    so a shared component never depends on (or suspends for) one feature's strings (issue 23).
// Runs in `npm run build:web` and `npm run lint`. Plural suffixes are i18next v4's (_one, _other…);
// a language's other categories (Spanish `_many`) may be left out: web/lib/i18n.ts fills them from `_other`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = process.cwd();
const LOCALES = join(ROOT, 'web', 'locales');
const SOURCE = join(ROOT, 'web');
const BASE = 'en';
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Namespaces no feature owns: the only ones web/components and web/lib may read. */
const SHARED_NAMESPACES = ['common', 'errors', 'signed-in', 'shell', 'budget'];
const SHARED_CODE = [join(SOURCE, 'components'), join(SOURCE, 'lib')];

const problems = [];
const problem = (message) => problems.push(message);

/** { 'a.b': 'text' } from nested JSON. */
function flatten(value, prefix = '', out = new Map()) {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) flatten(child, path, out);
    else out.set(path, child);
  }
  return out;
}

const languages = readdirSync(LOCALES).filter((d) => statSync(join(LOCALES, d)).isDirectory()).sort();
if (!languages.includes(BASE)) {
  console.error(`i18n-check: web/locales/${BASE} is missing.`);
  process.exit(1);
}

/** strings[lang][ns] = Map(key → value) */
const strings = {};
for (const lang of languages) {
  strings[lang] = {};
  for (const file of readdirSync(join(LOCALES, lang)).filter((f) => f.endsWith('.json'))) {
    const ns = file.slice(0, -'.json'.length);
    try {
      strings[lang][ns] = flatten(JSON.parse(readFileSync(join(LOCALES, lang, file), 'utf8')));
    } catch (error) {
      problem(`web/locales/${lang}/${file}: not valid JSON (${error.message})`);
      strings[lang][ns] = new Map();
    }
  }
}

const namespaces = [...new Set(languages.flatMap((lang) => Object.keys(strings[lang])))].sort();
const placeholders = (text) => [...String(text).matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort().join(',');

/** Map(base key → { plural: boolean, forms: Map(suffix|'' → value) }) */
function entries(map) {
  const out = new Map();
  for (const [key, value] of map) {
    const match = PLURAL.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const entry = out.get(base) ?? { plural: false, forms: new Map() };
    if (match) entry.plural = true;
    entry.forms.set(match ? match[1] : '', value);
    out.set(base, entry);
  }
  return out;
}

for (const ns of namespaces) {
  const byLang = {};
  for (const lang of languages) {
    if (!strings[lang][ns]) problem(`web/locales/${lang}/${ns}.json is missing (it exists in another language).`);
    byLang[lang] = entries(strings[lang][ns] ?? new Map());
  }
  const keys = new Set(languages.flatMap((lang) => [...byLang[lang].keys()]));
  for (const key of [...keys].sort()) {
    const present = languages.filter((lang) => byLang[lang].has(key));
    for (const lang of languages) if (!byLang[lang].has(key)) problem(`${ns}:${key} is missing in ${lang} (present in ${present.join(', ')}).`);
    const shapes = new Set();
    for (const lang of present) {
      const entry = byLang[lang].get(key);
      if (entry.plural && !entry.forms.has('other')) problem(`${ns}:${key} is a plural without ${key}_other in ${lang}.`);
      if (entry.plural && entry.forms.has('')) problem(`${ns}:${key} is both a plain key and a plural in ${lang}.`);
      for (const [form, value] of entry.forms) {
        const name = form ? `${key}_${form}` : key;
        if (typeof value !== 'string') problem(`${ns}:${name} in ${lang} is not a string.`);
        else if (!value.trim()) problem(`${ns}:${name} in ${lang} is empty.`);
      }
      const vars = [...entry.forms.values()].map(placeholders).filter(Boolean);
      shapes.add([...new Set(vars.join(',').split(',').filter((v) => v && v !== 'count'))].sort().join(','));
    }
    if (shapes.size > 1) problem(`${ns}:${key} has different {{placeholders}} between languages (${[...shapes].map((s) => `[${s}]`).join(' vs ')}).`);
  }
}

// Keys used in code must exist in English.
const base = Object.fromEntries(Object.entries(strings[BASE]).map(([ns, map]) => [ns, entries(map)]));
const hasKey = (ns, key) => Boolean(base[ns]?.has(key));
const hasPrefix = (ns, prefix) => [...(base[ns]?.keys() ?? [])].some((k) => k.startsWith(prefix));

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === LOCALES) continue;
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

for (const file of sourceFiles(SOURCE)) {
  // Comments blanked (newlines kept for line numbers): examples in them are not uses.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(?<![:'"\w\\])\/\/.*$/gm, (c) => c.replace(/[^\n]/g, ' '));
  const where = relative(ROOT, file);
  const fileNs = new Set();
  // A file's namespaces: useTranslation('ns'), or a `t` passed in typed TFunction<'ns'>.
  for (const m of text.matchAll(/(?:useTranslation\(|TFunction<)\s*(\[[^\]]*\]|(['"])[^'"]+\2)/g)) {
    for (const n of m[1].matchAll(/['"]([^'"]+)['"]/g)) fileNs.add(n[1]);
  }
  for (const ns of fileNs) if (!namespaces.includes(ns)) problem(`${where}: useTranslation('${ns}') but web/locales/${BASE}/${ns}.json does not exist.`);
  if (SHARED_CODE.some((dir) => file.startsWith(dir))) {
    // Any 'ns:key' literal counts too (keys kept in a table before they reach t()).
    const prefixed = [...text.matchAll(/['"`]([a-z][\w-]*):[\w.]/g)].map((m) => m[1]).filter((ns) => namespaces.includes(ns));
    for (const ns of new Set([...fileNs, ...prefixed])) {
      if (!SHARED_NAMESPACES.includes(ns)) problem(`${where}: shared code uses the feature namespace '${ns}'; move its strings to a shared one (${SHARED_NAMESPACES.join(', ')}) or the component into web/features/${ns}.`);
    }
  }
  const candidates = fileNs.size ? [...fileNs, 'common'] : ['common'];
  const line = (index) => text.slice(0, index).split('\n').length;
  const resolve = (raw) => {
    const colon = raw.indexOf(':');
    if (colon > 0 && namespaces.includes(raw.slice(0, colon))) return [[raw.slice(0, colon)], raw.slice(colon + 1)];
    return [candidates, raw];
  };
  for (const m of text.matchAll(/(?<![\w$])(?:t|i18n\.t|i18next\.t)\(\s*(['"])((?:(?!\1).)+)\1/g)) {
    const [nss, key] = resolve(m[2]);
    if (!nss.some((ns) => hasKey(ns, key))) problem(`${where}:${line(m.index)}: t('${m[2]}') is not in web/locales/${BASE}/${nss[0]}.json.`);
  }
  for (const m of text.matchAll(/i18nKey=\{?\s*(['"])((?:(?!\1).)+)\1/g)) {
    const [nss, key] = resolve(m[2]);
    if (!nss.some((ns) => hasKey(ns, key))) problem(`${where}:${line(m.index)}: i18nKey '${m[2]}' is not in web/locales/${BASE}/${nss[0]}.json.`);
  }
  for (const m of text.matchAll(/(?<![\w$])(?:t|i18n\.t)\(\s*`([^`$]*)\$\{/g)) {
    const [nss, prefix] = resolve(m[1]);
    if (prefix && !nss.some((ns) => hasPrefix(ns, prefix))) problem(`${where}:${line(m.index)}: no key starts with '${m[1]}' in web/locales/${BASE}/${nss[0]}.json.`);
  }
}

// Every server error code (contracts/error-codes.ts) reads in every language: the web shows a
// code's translation instead of the server's English sentence (ADR 0047).
{
  const source = readFileSync(join(ROOT, 'contracts', 'error-codes.ts'), 'utf8');
  const list = /export const errorCodes = \[([\s\S]*?)\] as const/.exec(source);
  const codes = list ? [...list[1].matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]) : [];
  if (codes.length === 0) problem('contracts/error-codes.ts: no errorCodes list found.');
  for (const lang of languages) {
    for (const code of codes) {
      if (!strings[lang].errors?.has(`codes.${code}`)) problem(`errors:codes.${code} is missing in ${lang} (every server error code needs a translation).`);
    }
  }
}

// Every stored failure reason (contracts/failure-reasons.ts) reads in every language too: the web
// translates the code an attempt, a chat answer or a calibration run keeps (issue 23).
{
  const source = readFileSync(join(ROOT, 'contracts', 'failure-reasons.ts'), 'utf8');
  const list = /export const failureReasonCodes = \[([\s\S]*?)\] as const/.exec(source);
  const codes = list ? [...list[1].matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]) : [];
  if (codes.length === 0) problem('contracts/failure-reasons.ts: no failureReasonCodes list found.');
  for (const lang of languages) {
    for (const code of codes) {
      if (!strings[lang].errors?.has(`reasons.${code}`)) problem(`errors:reasons.${code} is missing in ${lang} (every stored failure reason needs a translation).`);
    }
  }
}

if (problems.length) {
  console.error(`i18n-check: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`i18n-check: OK (${languages.join(', ')}; ${namespaces.length} namespaces).`);
