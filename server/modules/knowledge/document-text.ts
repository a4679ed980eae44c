import sanitizeHtml from 'sanitize-html';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replaceAll(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * A document body as plain text for passages: block elements become paragraph breaks (so passages
 * follow the document's own structure) and entities are decoded (a passage reads "<", not "&lt;").
 */
export function documentPassageText(html: string): string {
  const withBreaks = html.replaceAll(/<\/(p|h[1-6]|li|blockquote|pre|tr|div)>|<br\s*\/?>/gi, '$&\n\n');
  return decodeEntities(sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} }));
}
