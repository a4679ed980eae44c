import sanitizeHtml from 'sanitize-html';

/**
 * Document bodies come from a rich-text editor but are stored and served as HTML, so they are
 * cleaned on the way in: only formatting tags survive; no scripts, event handlers, styles or
 * javascript: URLs.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'span',
    'strong', 'b', 'em', 'i', 'u', 's', 'mark', 'sub', 'sup', 'ul', 'ol', 'li', 'a', 'img',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    span: ['class'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

export function sanitizeDocumentHtml(html: string): string {
  return sanitizeHtml(html, options);
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replaceAll(/\s+/g, ' ').trim();
}

export const WORDS_PER_MINUTE = 200;

export function readingStats(text: string): { wordCount: number; readingMinutes: number } {
  const wordCount = text ? text.split(' ').filter(Boolean).length : 0;
  return { wordCount, readingMinutes: wordCount === 0 ? 0 : Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)) };
}
