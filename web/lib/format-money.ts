import { currentLanguage, i18n } from './i18n.js';

/** An amount in the price table's currency; small answers need more than two decimals. */
export function formatMoney(amount: number | null, currency: string): string {
  if (amount === null) return i18n.t('common:money.notPriced');
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(currentLanguage(), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}
