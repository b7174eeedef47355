// A fresh process per measurement: `node --expose-gc --import tsx bench/rss-child.ts <ours|exceljs> <rows>`.
// Writes synthetic rows with one writer into a null sink, sampling process.memoryUsage().rss every 20 ms; prints one
// JSON line: the RSS before writing (after gc), the sampled peak, the OS high-water mark (getrusage maxRSS), time, bytes.
import { batched, syntheticRows, writeExcelJs, writeOurs } from './writers.js';

const [writer, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!['ours', 'exceljs'].includes(writer) || !Number.isInteger(rows) || rows < 1) {
  console.error('usage: rss-child.ts <ours|exceljs> <rows>');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with --expose-gc');
  process.exit(2);
}

// Load both writers' modules and warm them up on a few rows first, so module code is not counted as growth.
await writeOurs(batched(syntheticRows(100)));
await writeExcelJs(batched(syntheticRows(100)));
gc();
await new Promise((r) => setTimeout(r, 50));
gc();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
let peakHeap = process.memoryUsage().heapUsed;
const sample = () => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) peakRss = m.rss;
  if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
};
const timer = setInterval(sample, 20);
const result = await (writer === 'ours' ? writeOurs : writeExcelJs)(batched(syntheticRows(rows)));
sample();
clearInterval(timer);
console.log(
  JSON.stringify({
    writer,
    rows,
    baselineRss,
    peakRss,
    maxRssOs: process.resourceUsage().maxRSS * 1024,
    peakHeap,
    ...result,
  }),
);
