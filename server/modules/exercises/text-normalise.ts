/**
 * Text as a matcher should see it, whatever tricks its writer used (ADR 0035): compatibility forms
 * folded (full-width letters, ligatures), invisible format characters removed (zero-width spaces
 * and joiners, soft hyphens, bidi marks), look-alike letters from other scripts folded to Latin,
 * accents dropped, and every run of white space (line breaks included) made one space.
 */

/** Cyrillic and Greek letters that render like Latin ones (the common Unicode confusables). */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j',
  ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ɡ: 'g', ɑ: 'a', ı: 'i', ȷ: 'j',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', μ: 'u', γ: 'y',
};

/** Format characters (\p{Cf}: zero-width space, joiners, BOM, soft hyphen, bidi controls). */
const FORMAT_CHARS = /\p{Cf}/gu;

export function normaliseForMatching(text: string): string {
  const folded = text.normalize('NFKC').replaceAll(FORMAT_CHARS, '').toLowerCase();
  let latin = '';
  for (const ch of folded) latin += CONFUSABLES[ch] ?? ch;
  return latin
    .normalize('NFD')
    .replaceAll(/\p{M}/gu, '')
    .replaceAll(/\s+/g, ' ')
    .trim();
}

/** The same, with every non-letter removed: "i g n o r e" and "ign-ore" read "ignore". */
export function compactForMatching(text: string): string {
  return normaliseForMatching(text).replaceAll(/[^\p{L}\p{N}]+/gu, '');
}
