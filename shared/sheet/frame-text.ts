/**
 * What the sheet frame (khung, level 63) says about the sheet: its sequence number ("Tờ số 12",
 * "TỜ BẢN ĐỒ SỐ: 12"), its scale ("Tỷ lệ 1:1000", "1/1000") and its sheet code ("725500-6-d").
 * Frame texts vary by office, so only unambiguous patterns are read; nothing is guessed from a
 * lone number.
 */
import { scaleFromSheetCode, SHEET_SCALES } from './snap-tolerance.js';

export interface SheetFrameInfo {
  /** Sheet sequence number within the commune (số thứ tự tờ). */
  sheetNo?: string;
  /** Scale denominator (1000 for 1:1000). */
  scale?: number;
  /** Sheet code (phiên hiệu mảnh). */
  sheetCode?: string;
}

const SHEET_NO = /t[ờơo]\s*(?:b[ảa]n\s*đ[ồo]\s*)?s[ốo]\s*[:.]?\s*(\d{1,4})\b/iu;
const SCALE = /(?:^|[^\d])1\s*[:/]\s*(\d{3,5})\b/u;
const CODE = /\b(10-\d{6}|\d{6}-[1-9]-\(\d{1,2}\)|\d{6}-[1-9]-[a-d]|\d{6}-[1-9]-\d{1,3}|\d{6}-[1-9]|\d{6})(?![\w-])/iu;

/** Reads the frame texts; the first text matching each pattern wins. */
export function readSheetFrame(texts: readonly string[]): SheetFrameInfo {
  const out: SheetFrameInfo = {};
  for (const raw of texts) {
    const t = raw.normalize('NFC');
    if (out.sheetNo === undefined) {
      const m = SHEET_NO.exec(t);
      if (m) out.sheetNo = String(Number(m[1]));
    }
    if (out.scale === undefined) {
      const m = SCALE.exec(t);
      const s = m ? Number(m[1]) : NaN;
      if ((SHEET_SCALES as readonly number[]).includes(s)) out.scale = s;
    }
    if (out.sheetCode === undefined) {
      const m = CODE.exec(t);
      if (m && scaleFromSheetCode(m[1]) !== null && !SCALE.test(t)) out.sheetCode = m[1];
    }
  }
  if (out.scale === undefined && out.sheetCode) out.scale = scaleFromSheetCode(out.sheetCode) ?? undefined;
  return out;
}
