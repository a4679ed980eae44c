import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { beforeAll } from 'vitest';
import en from '../../locales/en/programs.json';

/** Component tests read the English strings of the `programs` namespace. */
export function useProgramsStrings(): void {
  beforeAll(async () => {
    if (!i18next.isInitialized) {
      await i18next.use(initReactI18next).init({ lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false }, resources: {} });
    }
    i18next.addResourceBundle('en', 'programs', en, true, true);
    await i18next.changeLanguage('en');
  });
}
