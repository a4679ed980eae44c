import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, toCsv } from './csv.js';

describe('csvField', () => {
  it('leaves plain text and numbers as they are', () => {
    expect(csvField('Ana Ferreira')).toBe('Ana Ferreira');
    expect(csvField(42)).toBe('42');
    expect(csvField(0)).toBe('0');
  });

  it('writes null, undefined and non-finite numbers as empty cells', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('quotes a field with a comma, a quote or a line break and doubles its quotes', () => {
    expect(csvField('Lopez, Maria')).toBe('"Lopez, Maria"');
    expect(csvField('The "best" agent')).toBe('"The ""best"" agent"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('quotes a field with leading or trailing spaces so they survive', () => {
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(-3)).toBe('-3');
  });
});

describe('toCsv', () => {
  it('builds a header line and one CRLF-ended line per row', () => {
    const rows = [
      { name: 'Northwind, Inc.', members: 6 },
      { name: 'Contoso "Health"', members: 5 },
    ];
    const csv = toCsv(
      [
        { header: 'Community', value: (r: (typeof rows)[number]) => r.name },
        { header: 'Members', value: (r: (typeof rows)[number]) => r.members },
      ],
      rows,
    );
    expect(csv).toBe('Community,Members\r\n"Northwind, Inc.",6\r\n"Contoso ""Health""",5\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv([{ header: 'A', value: () => 1 }], [])).toBe('A\r\n');
  });
});

describe('csvFileName', () => {
  it('makes a lower-case slug without accents or separators and adds .csv', () => {
    expect(csvFileName('members', 'Lucía’s Team / Ops', '2024-05-01')).toBe('members-lucia-s-team-ops-2024-05-01.csv');
  });

  it('skips missing parts and never returns an empty name', () => {
    expect(csvFileName('communities', null, undefined)).toBe('communities.csv');
    expect(csvFileName('***')).toBe('export.csv');
  });
});
