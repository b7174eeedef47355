import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';

/**
 * A streaming .xlsx writer: the worksheet XML is generated row by row into a deflated zip entry (yazl), so memory
 * stays flat whatever the row count (exceljs's writer keeps per-row state and grows ~34 MB per 100,000 rows).
 * Every cell is an inline string or a number: a value starting with =, +, - or @ is text, never a formula.
 */
export function xlsxStream(sheetName: string, header: string[], rows: AsyncIterable<(string | number | null)[]>): Readable {
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
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>',
  );

  async function* sheet(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>${rowXml(1, header, 1)}`,
    );
    let r = 2;
    let chunk: string[] = [];
    for await (const row of rows) {
      chunk.push(rowXml(r++, row, 0));
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

function rowXml(r: number, cells: (string | number | null)[], style: number): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || v === undefined || v === '') continue;
    const ref = `${colName(i)}${r}`;
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
