/**
 * How large a workbook this tool reads: the largest real plan in ../shared/data/real/ (bigdata-2022-
 * draft: 38.7 KB on disk, 18 parts, 300 KB unpacked, its largest part 94 KB; fashion-3plus2: 103
 * rows; 3,027 cell elements and 1,403 merged cells in one workbook) times 50, rounded up. Every
 * limit is checked before the thing it bounds is allocated, and each refusal names what and how much.
 */

const MB = 1024 * 1024;

/** Bytes on disk (checked before the file is read) and all parts unpacked together. */
export const MAX_PACKAGE_BYTES = 15 * MB;
/** One part unpacked, whatever its name (a sheet, the shared strings, styles, a theme, a picture…). */
export const MAX_PART_BYTES = 5 * MB;
/** Parts in the package (entries of the zip's central directory). */
export const MAX_PARTS = 1_000;
/**
 * Cells exceljs would create in the whole workbook: every cell element left after trimming
 * formatting beyond the data, plus every cell a merge covers (exceljs makes an object for each).
 */
export const MAX_CELLS = 250_000;
/** The data area of one sheet. Columns stay at the Excel pane's 300 (×50 would be 950). */
export const MAX_DATA_ROWS = 6_000;
export const MAX_DATA_COLS = 300;

/** "15 MB", "94 KB", "1.1 GB": sizes as a clerk reads them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / 1024 / MB).toFixed(1)} GB`;
  // Two decimals, so a file just over a limit never reads as the limit itself ("15.01 MB" > "15 MB").
  if (bytes >= MB) return Number.isInteger(bytes / MB) ? `${bytes / MB} MB` : `${(bytes / MB).toFixed(2)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
