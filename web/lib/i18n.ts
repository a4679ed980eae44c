/**
 * The app's one i18n instance (i18next + react-i18next; ADR 0022). English and Spanish.
 *
 * - Strings live in web/locales/<language>/<namespace>.json, one namespace per feature folder plus
 *   `common`. Files are found with import.meta.glob, so a new namespace needs no code here; each file
 *   is its own small chunk and only the current language's namespaces are fetched, when a component
 *   first asks for them (`useTranslation('ns')` suspends until its file arrives).
 * - The language is the person's saved choice (from their profile, remembered on this device so the
 *   sign-in page already speaks it), else the browser's: Spanish if the browser prefers Spanish,
 *   English otherwise. `<html lang>` follows it.
 * - Outside React: `import { i18n } from '<path>/lib/i18n'` then `i18n.t('ns:key')`.
 */
import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
/** Each language's own name, as a picker shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

const STORAGE_KEY = 'ai-gym.language';

type Resource = Record<string, unknown>;
// Keyed "./<language>/<namespace>.json" (the `base`): this map ships on /login, where every
// character per namespace counts (ADR 0022).
const files = import.meta.glob<Resource>('./*/*.json', { base: '../locales', import: 'default' });
/** Every namespace that has a file, e.g. ['auth', 'common', …]. */
export const NAMESPACES = [...new Set(Object.keys(files).map((path) => /([^/]+)\.json$/.exec(path)?.[1] ?? ''))]
  .filter(Boolean)
  .sort();

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** 'es' when the browser's first supported preference is Spanish, else 'en'. */
export function browserLanguage(preferences: readonly string[] = navigatorLanguages()): Language {
  for (const tag of preferences) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

function navigatorLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language].filter(Boolean);
}

function storedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage blocked: the browser's language it is
  }
}

/**
 * Fills a language's plural forms that a file leaves out from `_other` (in place). Spanish has a
 * `many` form (a million and up) that reads like `other` once numbers are formatted; without this,
 * i18next would show the bare key there. The convention stays `_one` + `_other` (ADR 0022).
 */
export function fillPluralForms(resource: Resource, language: string): Resource {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const [key, value] of Object.entries(resource)) {
    if (value !== null && typeof value === 'object') fillPluralForms(value as Resource, language);
    else if (key.endsWith('_other')) {
      const base = key.slice(0, -'_other'.length);
      for (const category of categories) if (!(`${base}_${category}` in resource)) resource[`${base}_${category}`] = value;
    }
  }
  return resource;
}

/** Loads one namespace file of one language (a lazy chunk). */
const lazyFiles: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = files[`./${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`No ${language}/${namespace}.json`), false);
      return;
    }
    load().then(
      (resource) => callback(null, fillPluralForms(structuredClone(resource), language)),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

export const i18n = i18next.createInstance();

let markReady: () => void = () => undefined;
/** Settles when initI18n has finished: before that, i18next cannot load a namespace (it has no options yet). */
const ready = new Promise<void>((resolve) => {
  markReady = resolve;
});

/**
 * Loads namespaces, waiting for i18n to start first: the router asks for the first page's strings
 * with its code, at boot, before main.tsx has started i18n (an early `i18n.loadNamespaces` does nothing).
 */
export async function loadNamespaces(namespaces: string[]): Promise<void> {
  await ready;
  await i18n.loadNamespaces(namespaces);
}

function syncDocument(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * Starts i18n in the saved or browser language, loading `common` (and `preload`) first.
 * Resolves when those are ready; other namespaces load on first use.
 */
export function initI18n(options: { language?: Language; preload?: string[] } = {}): Promise<unknown> {
  const language = options.language ?? storedLanguage() ?? browserLanguage();
  i18n.on('languageChanged', syncDocument);
  return i18n
    .use(lazyFiles)
    .use(initReactI18next)
    .init({
      lng: language,
      supportedLngs: [...LANGUAGES],
      fallbackLng: DEFAULT_LANGUAGE,
      // Only the current language is fetched; a key missing in it (the check prevents that) shows English.
      load: 'currentOnly',
      ns: ['common', ...(options.preload ?? [])],
      defaultNS: 'common',
      fallbackNS: 'common',
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      react: { useSuspense: true },
    })
    .finally(() => {
      markReady();
      // Server errors are shown by code in the person's language (ADR 0047); their strings arrive
      // after the first page, off its critical path, so an error that comes later reads translated.
      void i18n.loadNamespaces('errors').catch(() => undefined);
    });
}

/** The current language ('en' until i18n starts). */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/**
 * Switches the app's language and remembers it on this device (the profile saves it for the account).
 * Resolves once the new language's loaded namespaces are in.
 */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage blocked: the choice lasts for this page
  }
  if (currentLanguage() !== language || i18n.language !== language) await i18n.changeLanguage(language);
}
