import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { certificatePdf } from './certificate-pdf.js';

async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

describe('certificate PDF', () => {
  it('prints names and titles outside Latin-1 as written (Polish, Nordic, Cyrillic, Greek)', async () => {
    const pdf = await certificatePdf({
      holderName: 'Łukasz Żółć Ørjan Дмитрий',
      programTitle: 'Промпты για όλους',
      issuedAt: '2026-11-27T10:00:00Z',
      expiresAt: null,
      verifyUrl: 'http://localhost:3000/verify/abc',
      code: 'ABC-123',
    });
    const text = await textOf(pdf);
    expect(text).toContain('Łukasz Żółć Ørjan Дмитрий');
    expect(text).toContain('Промпты για όλους');
    expect(text).toContain('27 November 2026');
    // Only the glyphs used are embedded, not the whole 750 KB font.
    expect(pdf.length).toBeLessThan(120_000);
  });

  it('keeps long names, titles and every detail on one page, wrapped rather than cut', async () => {
    const holderName = 'María de los Ángeles Fernández-Castellanos y Villanueva de la Concepción Rodríguez-Llorente';
    const programTitle = 'Escribir instrucciones claras para asistentes de IA en atención al cliente: resúmenes, respuestas, escalados y seguimiento de incidencias complejas';
    const pdf = await certificatePdf({
      holderName,
      programTitle,
      issuedAt: '2026-11-27T10:00:00Z',
      expiresAt: '2027-11-27T10:00:00Z',
      verifyUrl: 'https://formacion.ejemplo-corporativo.es/verify/0BglSSQiTA-TuW_rF_lABTNVOZiK2kg4uwwPEun6M3g',
      code: '0BglSSQiTA-TuW_rF_lABTNVOZiK2kg4uwwPEun6M3g',
      language: 'es',
      organisationName: 'Fundación para la Formación Digital de las Pequeñas y Medianas Empresas de Andalucía',
      logo: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
      communityName: 'Cooperativa Agrícola del Valle del Guadalquivir',
      hours: 37.5,
      score: 91.4,
      signatoryName: 'Sofía Núñez',
      signatoryTitle: 'Directora de Aprendizaje y Desarrollo',
    });
    const proxy = await getDocumentProxy(new Uint8Array(pdf));
    expect(proxy.numPages).toBe(1);
    const text = (await textOf(pdf)).replaceAll(/\s+/g, ' ');
    for (const part of ['Horas de formación: 37,5', 'Puntuación evaluada: 91/100', 'Válido hasta el 27 de noviembre de 2027', 'Sofía Núñez', 'Directora de Aprendizaje y Desarrollo']) {
      expect(text).toContain(part);
    }
    // Wrapped lines come back with a space where they broke (after a hyphen, too).
    const joined = text.replaceAll(' ', '');
    for (const whole of [holderName, programTitle]) expect(joined).toContain(whole.replaceAll(' ', ''));
  });
});
