import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';

/** A column of the sheet: its header, width in characters, and whether its Date cells are days or instants. */
export interface XlsxColumn {
  header: string;
  width?: number;
  /** How Date cells show: `date` as the reader's short date, `dateTime` with the time (Excel's built-in formats 14 and 22). */
  format?: 'date' | 'dateTime';
}

export type XlsxCell = string | number | Date | null;

/**
 * A streaming .xlsx writer: the worksheet XML is generated row by row into a deflated zip entry (yazl), so memory
 * stays flat whatever the row count (exceljs's writer keeps per-row state and grows ~34 MB per 100,000 rows).
 * Every cell is an inline string, a number or a date (a serial day number with a date format, so a spreadsheet sorts
 * and filters it as a date): a value starting with =, +, - or @ is text, never a formula. Columns given as XlsxColumn
 * set their width.
 */
export function xlsxStream(sheetName: string, columns: (string | XlsxColumn)[], rows: AsyncIterable<XlsxCell[]>): Readable {
  const cols = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const header = cols.map((c) => c.header);
  const styles = cols.map((c) => (c.format === 'dateTime' ? 3 : 2));
  const widths = cols.some((c) => c.width)
    ? `<cols>${cols.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 12}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name, { compress: true });
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
  );
  add(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  add(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  add(
    'xl/styles.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf/><xf fontId="1" applyFont="1"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>',
  );

  async function* sheet(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>${widths}<sheetData>${rowXml(1, header, 1)}`,
    );
    let r = 2;
    let chunk: string[] = [];
    for await (const row of rows) {
      chunk.push(rowXml(r++, row, 0, styles));
      if (chunk.length >= 500) {
        yield Buffer.from(chunk.join(''));
        chunk = [];
      }
    }
    if (chunk.length) yield Buffer.from(chunk.join(''));
    yield Buffer.from('</sheetData></worksheet>');
  }
  const sheetStream = Readable.from(sheet());
  // Deflate level 3: the sheet's compression is the writer's biggest cost; level 3 is ~40 % cheaper than the
  // default 6 for a file ~11 % bigger (6.0 instead of 5.4 MB at 100,000 rows; exceljs writes 6.3 MB).
  zip.addReadStream(sheetStream, 'xl/worksheets/sheet1.xml', { compressionLevel: 3 });
  zip.end();
  const out = new PassThrough();
  // A failure while rows are read (e.g. the database went away) aborts the download instead of hanging it.
  sheetStream.on('error', (e) => out.destroy(e));
  zip.outputStream.on('error', (e) => out.destroy(e)).pipe(out);
  // An aborted download (the response closed early) stops the rows: their generator returns, and the database
  // cursor behind it is closed and its connection released. Without this the suspended generator holds the
  // connection for ever, and a pool of 10 is exhausted after 10 aborted downloads.
  out.on('close', () => {
    if (!sheetStream.readableEnded) sheetStream.destroy();
  });
  return out;
}

const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const colName = (i: number) => (i < 26 ? COLS[i] : COLS[Math.floor(i / 26) - 1] + COLS[i % 26]);

/** Excel's day number of an instant (days since 1899-12-30, UTC; the fraction is the time of day). */
const excelSerial = (d: Date) => d.getTime() / 86_400_000 + 25_569;

function rowXml(r: number, cells: XlsxCell[], style: number, dateStyles: number[] = []): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || v === undefined || v === '') continue;
    const ref = `${colName(i)}${r}`;
    if (v instanceof Date) {
      if (!Number.isNaN(v.getTime())) xml += `<c r="${ref}" s="${dateStyles[i] ?? 2}"><v>${excelSerial(v)}</v></c>`;
      continue;
    }
    const s = style ? ` s="${style}"` : '';
    xml +=
      typeof v === 'number' && Number.isFinite(v)
        ? `<c r="${ref}"${s}><v>${v}</v></c>`
        : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(v))}</t></is></c>`;
  }
  return `${xml}</row>`;
}

// Characters XML 1.0 forbids are dropped; markup characters escaped. Most values need neither: one test, no copy.
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF<>&"]/;
function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
