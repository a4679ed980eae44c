import { createRequire } from 'node:module';

// DejaVu Sans covers Latin (all of Europe's accents), Greek and Cyrillic: a learner called Łukasz,
// Ørjan or Дмитрий gets their name printed as written. The standard PDF fonts are Latin-1 only.
// pdfkit embeds just the glyphs a certificate uses, so the file stays small.
const require = createRequire(import.meta.url);
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface CertificatePdfInput {
  holderName: string;
  programTitle: string;
  issuedAt: string;
  expiresAt: string | null;
  verifyUrl: string;
  code: string;
}

const longDate = (value: string): string => new Date(value).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * A one-page landscape A4 certificate made with pdfkit (ADR 0020); text is laid out by pdfkit and
 * wraps within the page.
 */
export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  // Loaded on first use: pdfkit is 4.5 MB of heap that a server which never prints a certificate would keep.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `Certificate: ${input.programTitle}`, Author: 'AI GYM', Subject: `Awarded to ${input.holderName}` },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { width, height } = doc.page;
  const inner = width - 2 * 56;
  doc.lineWidth(3).strokeColor('#5f3dc4').rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(1).strokeColor('#b197fc').rect(36, 36, width - 72, height - 72).stroke();

  doc.moveDown(2);
  doc.font('regular').fontSize(14).fillColor('#495057').text('AI GYM', 56, 90, { width: inner, align: 'center', characterSpacing: 4 });
  doc.moveDown(0.8);
  doc.font('bold').fontSize(34).fillColor('#212529').text('Certificate of completion', { width: inner, align: 'center' });
  doc.moveDown(1.2);
  doc.font('regular').fontSize(14).fillColor('#495057').text('This certifies that', { width: inner, align: 'center' });
  doc.moveDown(0.5);
  doc.font('bold').fontSize(28).fillColor('#5f3dc4').text(input.holderName, { width: inner, align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(14).fillColor('#495057').text('has completed the program', { width: inner, align: 'center' });
  doc.moveDown(0.5);
  doc.font('bold').fontSize(22).fillColor('#212529').text(input.programTitle, { width: inner, align: 'center' });
  doc.moveDown(1.2);
  doc.font('regular').fontSize(12).fillColor('#212529').text(`Issued on ${longDate(input.issuedAt)}`, { width: inner, align: 'center' });
  doc.text(input.expiresAt ? `Valid until ${longDate(input.expiresAt)}` : 'Does not expire', { width: inner, align: 'center' });

  doc.font('regular').fontSize(10).fillColor('#495057').text('Verify this certificate at', 56, height - 120, { width: inner, align: 'center' });
  doc.font('regular').fontSize(10).fillColor('#1c7ed6').text(input.verifyUrl, { width: inner, align: 'center', link: input.verifyUrl, underline: true });
  doc.font('Courier').fontSize(8).fillColor('#868e96').text(`Code ${input.code}`, { width: inner, align: 'center' });
  doc.end();
  return done;
}
