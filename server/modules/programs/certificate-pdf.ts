import { createRequire } from 'node:module';
import type { Language } from '../../../contracts/users.js';

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
  /** The labels' language: the holder's choice, else the reader's browser (issue 25). */
  language?: Language;
  /** Who awards it (admins' certificate settings); empty: "AI GYM". */
  organisationName?: string;
  /** PNG or JPEG bytes, already checked by their magic bytes when uploaded. */
  logo?: Buffer | null;
  /** The client: the holder's community the program is assigned to. */
  communityName?: string | null;
  hours?: number | null;
  /** 0–100, only when graded steps were decided by a calibrated evaluator or a person. */
  score?: number | null;
  signatoryName?: string;
  signatoryTitle?: string;
  /** A preview: marked as a sample, issued to nobody. */
  sample?: boolean;
}

const LABELS = {
  en: {
    heading: 'Certificate of completion',
    certifies: 'This certifies that',
    completed: 'has completed the program',
    client: 'Client',
    hours: 'Learning hours',
    score: 'Assessed score',
    issued: 'Issued on',
    validUntil: 'Valid until',
    noExpiry: 'Does not expire',
    verify: 'Verify this certificate at',
    code: 'Code',
    sample: 'SAMPLE: not issued to anyone',
  },
  es: {
    heading: 'Certificado de finalización',
    certifies: 'Se certifica que',
    completed: 'ha completado el programa',
    client: 'Cliente',
    hours: 'Horas de formación',
    score: 'Puntuación evaluada',
    issued: 'Emitido el',
    validUntil: 'Válido hasta el',
    noExpiry: 'No caduca',
    verify: 'Verifique este certificado en',
    code: 'Código',
    sample: 'MUESTRA: no emitido a nadie',
  },
} satisfies Record<Language, Record<string, string>>;

const LOCALES: Record<Language, string> = { en: 'en-GB', es: 'es-ES' };

const longDate = (value: string, language: Language): string =>
  new Date(value).toLocaleDateString(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

type Doc = PDFKit.PDFDocument;

/**
 * Writes `text` centred at the current position in the largest size from `max` down to `min` that
 * fits in `lines` lines; below `min` it wraps further. Long names and titles never push the
 * signature off the page (pdfkit would start a second page).
 */
function fitted(doc: Doc, text: string, font: string, max: number, min: number, lines: number, width: number, color: string): void {
  doc.font(font);
  let size = max;
  for (; size > min; size -= 1) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width }) <= size * 1.25 * lines) break;
  }
  doc.fontSize(size).fillColor(color).text(text, { width, align: 'center' });
}

/**
 * A one-page landscape A4 certificate made with pdfkit (ADR 0020, 0055): the awarding organisation
 * and its logo on top, the signatory at the bottom left, the verification at the bottom right.
 */
export async function certificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const language = input.language ?? 'en';
  const t = LABELS[language];
  const organisation = input.organisationName?.trim() || 'AI GYM';
  // Loaded on first use: pdfkit is 4.5 MB of heap that a server which never prints a certificate would keep.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `${t.heading}: ${input.programTitle}`, Author: organisation, Subject: input.holderName },
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
  const left = 72;
  const inner = width - 2 * left;
  doc.lineWidth(3).strokeColor('#5f3dc4').rect(28, 28, width - 56, height - 56).stroke();
  doc.lineWidth(1).strokeColor('#b197fc').rect(36, 36, width - 72, height - 72).stroke();

  let top = 52;
  if (input.logo) {
    doc.image(input.logo, left, top, { fit: [inner, 46], align: 'center', valign: 'center' });
    top += 52;
  }
  doc.x = left;
  doc.y = top;
  fitted(doc, organisation, 'bold', 14, 10, 1, inner, '#495057');
  doc.moveDown(0.5);
  doc.font('bold').fontSize(30).fillColor('#212529').text(t.heading, { width: inner, align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(13).fillColor('#495057').text(t.certifies, { width: inner, align: 'center' });
  doc.moveDown(0.3);
  fitted(doc, input.holderName, 'bold', 26, 14, 1, inner, '#5f3dc4');
  doc.moveDown(0.3);
  doc.font('regular').fontSize(13).fillColor('#495057').text(t.completed, { width: inner, align: 'center' });
  doc.moveDown(0.3);
  fitted(doc, input.programTitle, 'bold', 20, 12, 2, inner, '#212529');
  doc.moveDown(0.6);

  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 });
  const facts = [
    input.communityName ? `${t.client}: ${input.communityName}` : null,
    input.hours != null ? `${t.hours}: ${number.format(input.hours)}` : null,
    input.score != null ? `${t.score}: ${Math.round(input.score)}/100` : null,
  ].filter((f): f is string => f !== null);
  if (facts.length > 0) {
    fitted(doc, facts.join('   ·   '), 'regular', 12, 9, 2, inner, '#212529');
    doc.moveDown(0.4);
  }
  const issued = `${t.issued} ${longDate(input.issuedAt, language)}`;
  const expiry = input.expiresAt ? `${t.validUntil} ${longDate(input.expiresAt, language)}` : t.noExpiry;
  doc.font('regular').fontSize(11).fillColor('#495057').text(`${issued}   ·   ${expiry}`, { width: inner, align: 'center' });

  // The bottom block sits at fixed positions: the signatory on the left, the verification on the right.
  const bottom = height - 122;
  // The verification gets the wider side: a URL with a 43-character code must not wrap.
  const column = inner * 0.4;
  const verifyColumn = inner - column - 24;
  if (input.signatoryName?.trim() || input.signatoryTitle?.trim()) {
    doc.lineWidth(0.8).strokeColor('#212529').moveTo(left + 20, bottom + 18).lineTo(left + column - 20, bottom + 18).stroke();
    doc.x = left;
    doc.y = bottom + 24;
    fitted(doc, input.signatoryName?.trim() ?? '', 'bold', 11, 8, 1, column, '#212529');
    fitted(doc, input.signatoryTitle?.trim() ?? '', 'regular', 10, 7, 1, column, '#495057');
  }
  const right = left + column + 24;
  doc.font('regular').fontSize(9).fillColor('#495057').text(t.verify, right, bottom + 4, { width: verifyColumn, align: 'center' });
  doc.font('regular').fontSize(8.5).fillColor('#1c7ed6').text(input.verifyUrl, { width: verifyColumn, align: 'center', link: input.verifyUrl, underline: true });
  doc.moveDown(0.3);
  doc.font('Courier').fontSize(7).fillColor('#868e96').text(`${t.code} ${input.code}`, { width: verifyColumn, align: 'center' });

  if (input.sample) {
    doc.font('bold').fontSize(10).fillColor('#c92a2a').text(t.sample, left, 40, { width: inner, align: 'right' });
  }
  doc.end();
  return done;
}
