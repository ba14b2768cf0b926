import { csvCell, toCsv } from './csv';

describe('CSV exports', () => {
  it('opens a formula-looking comment as text in a spreadsheet, not as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    for (const lead of ['+', '-', '@', '\t']) expect(csvCell(`${lead}SUM(A1:A9)`).startsWith(lead === '\t' ? "'" : `'${lead}`)).toBe(true);
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
  });

  it('keeps numbers, dates and plain text as they are', () => {
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('Jiefangbei, Yuzhong')).toBe('"Jiefangbei, Yuzhong"');
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(toCsv(['a', 'b'], [{ a: 'x', b: '=1+1' }])).toBe("a,b\nx,'=1+1\n");
  });
});
