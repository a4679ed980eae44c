import { UnreadableFileError } from './file-errors.js';
import { checkZipEntries } from './zip-guard.js';

export const knowledgeMimeTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  markdown: 'text/markdown',
} as const;
export type KnowledgeFileKind = keyof typeof knowledgeMimeTypes;

export { UnreadableFileError };

/** A PDF with more pages than this is refused before any page is read (a hostile file may have 20,000). */
export const PDF_MAX_PAGES = 1_500;
/** Text past this many characters is not read: more than the passages a source may have (3,000 × ~900). */
export const MAX_TEXT_CHARS = 3_000_000;

const kindByExtension: Record<string, KnowledgeFileKind> = { pdf: 'pdf', docx: 'docx', txt: 'txt', text: 'txt', md: 'markdown', markdown: 'markdown' };

const kindLabels: Record<KnowledgeFileKind, string> = { pdf: 'a PDF', docx: 'a Word (.docx) document', txt: 'a text file', markdown: 'a Markdown file' };
/** The format's name as every language writes it (a stored reason's fact). */
const formatNames: Record<KnowledgeFileKind, string> = { pdf: 'PDF', docx: 'Word (.docx)', txt: '.txt', markdown: 'Markdown (.md)' };

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * What kind of file this is, from its name and checked against its first bytes: a `.pdf` that is
 * not a PDF, or a `.txt` holding binary data, is refused before anything tries to parse it.
 * Returns the kind, or throws UnreadableFileError with a sentence for the administrator.
 */
export function detectKnowledgeFile(name: string, bytes: Buffer): KnowledgeFileKind {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = kindByExtension[extension];
  if (!kind) throw new UnreadableFileError('Upload a PDF, Word (.docx), text (.txt) or Markdown (.md) file.', 'knowledge_file_type');
  const looksLike: Record<KnowledgeFileKind, () => boolean> = {
    // The PDF header may follow a few bytes of junk; readers accept it within the first kilobyte.
    pdf: () => bytes.subarray(0, 1024).includes(Buffer.from('%PDF-')),
    docx: () => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50,
    txt: () => isUtf8Text(bytes),
    markdown: () => isUtf8Text(bytes),
  };
  if (!looksLike[kind]()) throw new UnreadableFileError(`This file is named like ${kindLabels[kind]} but its content is not one. Export it again and upload the result.`, 'knowledge_file_mismatch', { format: formatNames[kind] });
  return kind;
}

async function pdfText(bytes: Buffer): Promise<string> {
  // The parsers are loaded on first use: several megabytes of heap that most servers rarely need.
  const { getDocumentProxy } = await import('unpdf');
  let pdf;
  try {
    // verbosity 0: pdf.js would otherwise print warnings straight to the console.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') throw new UnreadableFileError('This PDF is protected by a password. Remove the password and upload it again.', 'knowledge_pdf_password');
    throw new UnreadableFileError('This PDF could not be read; it may be damaged. Open it, save or export it again as PDF, and upload the result.', 'knowledge_pdf_damaged');
  }
  try {
    if (pdf.numPages > PDF_MAX_PAGES) {
      throw new UnreadableFileError(`This PDF has ${pdf.numPages.toLocaleString('en')} pages; at most ${PDF_MAX_PAGES.toLocaleString('en')} can be read. Split it into smaller files and upload those.`, 'knowledge_pdf_too_many_pages', { pages: pdf.numPages, max: PDF_MAX_PAGES });
    }
    // Page by page, stopping at the character cap: the rest of a huge file would not be indexed anyway.
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= pdf.numPages && length < MAX_TEXT_CHARS; number += 1) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const text = (content.items as Array<{ str?: string; hasEOL?: boolean }>).map((item) => (item.str == null ? '' : item.str + (item.hasEOL ? '\n' : ''))).join('');
      page.cleanup();
      pages.push(text);
      length += text.length;
    }
    return pages.join('\n\n');
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError('This PDF could not be read; it may be damaged. Open it, save or export it again as PDF, and upload the result.', 'knowledge_pdf_damaged');
  } finally {
    await pdf.destroy();
  }
}

async function docxText(bytes: Buffer): Promise<string> {
  checkZipEntries(bytes);
  const { default: mammoth } = await import('mammoth');
  try {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  } catch {
    throw new UnreadableFileError('This Word document could not be read; it may be damaged or in an older format. Save it as .docx and upload it again.', 'knowledge_docx_damaged');
  }
}

/** The plain text of an uploaded file; throws UnreadableFileError when there is none to be had. */
export async function extractFileText(kind: KnowledgeFileKind, bytes: Buffer): Promise<string> {
  const text =
    kind === 'pdf' ? await pdfText(bytes) : kind === 'docx' ? await docxText(bytes) : new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (!text.trim()) {
    throw kind === 'pdf'
      ? new UnreadableFileError('No text was found in this PDF. It is probably scanned images; run text recognition (OCR) on it first.', 'knowledge_pdf_no_text')
      : new UnreadableFileError('This file contains no text.', 'knowledge_no_text');
  }
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}
