import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportFileError, rowsError, type UploadCaps } from '../common/upload-caps';
import { ZipUpload, zipReadError } from '../common/zip';
import type { SourceRow } from './mapping';

/**
 * Excel workbooks as planning offices send them: a title row or two above the header, several sheets, Chinese
 * column names. Read with exceljs's streaming reader after the archive itself has been checked: exceljs unzips
 * without limits, so every member is first inflated through the zip caps (a member inflating past its declared size
 * is refused as a bomb) and XML entity declarations are refused (an xlsx never needs them).
 */

export interface SheetInfo {
  name: string;
  rows: number;
  headerRow: number;
}

export interface XlsxTable {
  sheets: SheetInfo[];
  sheet: string;
  headerRow: number;
  columns: string[];
  rows: SourceRow[];
}

type Caps = Pick<UploadCaps, 'maxEntries' | 'maxMemberBytes' | 'maxTotalBytes' | 'maxRows'>;

/** Inflates every member through the caps, looking for entity declarations on the way. */
async function checkArchive(buffer: Buffer, caps: Caps): Promise<void> {
  const zip = await ZipUpload.open(buffer, caps);
  try {
    if (!zip.members.some((m) => m.name === 'xl/workbook.xml')) throw new ImportFileError('not an Excel workbook (.xlsx): the archive has no xl/workbook.xml');
    for (const m of zip.members) {
      const s = await zip.stream(m);
      let tail = '';
      try {
        for await (const chunk of s) {
          const text = tail + (chunk as Buffer).toString('latin1');
          if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw new ImportFileError(`${m.name} declares XML entities, which an xlsx never needs (refused)`);
          tail = text.slice(-16);
        }
      } catch (e) {
        s.destroy();
        throw e instanceof ImportFileError ? e : zipReadError(m, e as Error);
      }
    }
  } finally {
    zip.close();
  }
}

/** A cell as plain data: rich text joined, a formula's result, a hyperlink's text. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
  if ('text' in v) return typeof v.text === 'string' ? v.text : cellValue(v.text as ExcelJS.CellValue);
  if ('error' in v) return undefined;
  return String(v);
}

const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * The header row among the first rows: the first whose cells are all text, at least two of them and at least
 * 60 % as many as the widest row near the top (a merged title row has one cell; data rows hold numbers).
 */
export function headerRowOf(rows: unknown[][]): number {
  const top = rows.slice(0, 20);
  const widest = Math.max(0, ...top.map((r) => r.filter((v) => !blank(v)).length));
  for (let k = 0; k < top.length; k++) {
    const cells = top[k].filter((v) => !blank(v));
    if (cells.length >= 2 && cells.length >= 0.6 * widest && cells.every((v) => typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v.trim()))) return k;
  }
  return 0;
}

/**
 * A workbook's sheets, and the chosen one's rows keyed by its header (by name, or 1-based number; by default the
 * first sheet with rows). Row numbers are the sheet's own, as Excel shows them.
 */
export async function readXlsx(buffer: Buffer, caps: Caps, wanted?: string): Promise<XlsxTable> {
  await checkArchive(buffer, caps);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: (SheetInfo & { values: { n: number; cells: unknown[] }[] })[] = [];
  let total = 0;
  try {
    for await (const ws of reader) {
      const values: { n: number; cells: unknown[] }[] = [];
      let count = 0;
      const index = sheets.length + 1;
      const name = (ws as unknown as { name: string }).name;
      const keep = wanted === undefined || wanted === name || wanted === String(index);
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        if (++total > caps.maxRows) throw rowsError(`more than ${caps.maxRows.toLocaleString('en')}`, caps.maxRows);
        // exceljs's values are 1-based (index 0 empty)
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue);
        if (cells.every(blank)) continue;
        count++;
        if (keep || values.length < 20) values.push({ n: row.number, cells });
      }
      const headerIndex = headerRowOf(values.map((v) => v.cells));
      sheets.push({ name, rows: 0, headerRow: values[headerIndex]?.n ?? 1, values });
      sheets[sheets.length - 1].rows = Math.max(0, count - headerIndex - 1);
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`the workbook cannot be read: ${(e as Error).message}`);
  }
  if (!sheets.length) throw new ImportFileError('the workbook has no sheets');
  const chosen =
    wanted === undefined ? (sheets.find((s) => s.values.length >= 2) ?? sheets[0]) : sheets.find((s, k) => s.name === wanted || String(k + 1) === wanted);
  if (!chosen) throw new ImportFileError(`sheet: no sheet ${JSON.stringify(wanted)}; the workbook has ${sheets.map((s) => s.name).join(', ')}`);
  const headerAt = chosen.values.findIndex((v) => v.n === chosen.headerRow);
  const header = (chosen.values[headerAt]?.cells ?? []).map((v, k) => (blank(v) ? `column ${k + 1}` : String(v).trim()));
  const rows: SourceRow[] = chosen.values.slice(headerAt + 1).map(({ n, cells }) => ({
    line: n,
    record: Object.fromEntries(header.map((h, k) => [h, cells[k]]).filter(([, v]) => !blank(v))),
  }));
  return {
    sheets: sheets.map(({ name, rows: count, headerRow }) => ({ name, rows: count, headerRow })),
    sheet: chosen.name,
    headerRow: chosen.headerRow,
    columns: header,
    rows,
  };
}
