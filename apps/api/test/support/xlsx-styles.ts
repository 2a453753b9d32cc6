import { unzipSync, strFromU8 } from 'fflate';

/**
 * The cells (like "B2") of a workbook's first sheet whose style carries Excel's quote prefix,
 * read from the raw XML: exceljs's reader does not report that attribute.
 */
export function quotePrefixedCells(workbook: ArrayBuffer): Set<string> {
  const files = unzipSync(new Uint8Array(workbook));
  const styles = strFromU8(files['xl/styles.xml']);
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const xfs = cellXfs.match(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g) ?? [];
  const quoted = new Set(
    xfs.flatMap((xf, index) => (/quotePrefix="1"/.test(xf) ? [String(index)] : [])),
  );
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
  const cells = new Set<string>();
  for (const match of sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*?\bs="(\d+)"/g)) {
    if (quoted.has(match[2])) cells.add(match[1]);
  }
  return cells;
}
