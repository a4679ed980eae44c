import { describe, expect, it } from 'vitest';
import { detectKnowledgeFile, extractFileText, UnreadableFileError } from './file-parsing.js';
import { makeDocx, makePdf } from '../../test/knowledge-fixtures.js';

describe('reading uploaded knowledge files', () => {
  it('reads the text of a real PDF, page by page', async () => {
    const pdf = await makePdf(['The refund window is 45 days.', 'Page two covers onboarding.']);
    expect(detectKnowledgeFile('Policy.PDF', pdf)).toBe('pdf');
    const text = await extractFileText('pdf', pdf);
    expect(text).toContain('The refund window is 45 days.');
    expect(text).toContain('Page two covers onboarding.');
  });

  it('reads the text of a Word document', async () => {
    const docx = makeDocx(['Expenses over 500 euros need a manager’s approval.', 'Second paragraph & more.']);
    expect(detectKnowledgeFile('expenses.docx', docx)).toBe('docx');
    const text = await extractFileText('docx', docx);
    expect(text).toContain('Expenses over 500 euros need a manager’s approval.');
    expect(text).toContain('Second paragraph & more.');
  });

  it('reads text and Markdown as UTF-8, without a byte-order mark', async () => {
    const md = Buffer.from('\uFEFF# Title\n\nSome *notes* — with accents: café.');
    expect(detectKnowledgeFile('notes.md', md)).toBe('markdown');
    expect(await extractFileText('markdown', md)).toBe('# Title\n\nSome *notes* — with accents: café.');
    expect(detectKnowledgeFile('notes.txt', Buffer.from('plain'))).toBe('txt');
  });

  it('checks the content, not only the name: a renamed file is refused with a reason', () => {
    expect(() => detectKnowledgeFile('report.pdf', Buffer.from('just some text'))).toThrow(/named like a PDF but its content is not one/);
    expect(() => detectKnowledgeFile('notes.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toThrow(UnreadableFileError);
    expect(() => detectKnowledgeFile('letter.docx', Buffer.from('%PDF-1.7'))).toThrow(/Word/);
    expect(() => detectKnowledgeFile('tool.exe', Buffer.from('MZ'))).toThrow(/Upload a PDF, Word \(\.docx\), text \(\.txt\) or Markdown/);
  });

  it('says in plain words why a damaged or empty file cannot be read', async () => {
    await expect(extractFileText('pdf', Buffer.from('%PDF-1.4\nnot really a pdf'))).rejects.toThrow(/could not be read; it may be damaged/);
    await expect(extractFileText('docx', Buffer.from('PK\u0003\u0004broken'))).rejects.toThrow(/Word document could not be read/);
    await expect(extractFileText('txt', Buffer.from('   \n '))).rejects.toThrow(/contains no text/);
    await expect(extractFileText('pdf', await makePdf(['']))).rejects.toThrow(/No text was found in this PDF/);
  });
});
