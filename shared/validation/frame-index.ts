/**
 * Finding the sheet frame of each parcel quickly: frames by sheet number (and commune), and a
 * grid of frame boxes for "which frame is this point in" when the number names no loaded frame.
 * Built once per loaded reference and reused by every run (full or incremental).
 */
import type { Extent, PolygonCoords } from '../geo/geometry.js';
import { sheetKey, type SheetFrame, type ValidationReference } from '../model/reference-area.js';
import { BoxGrid } from '../topology/box-grid.js';

interface PreparedFrame {
  frame: SheetFrame;
  box: Extent;
  /** An axis-parallel rectangle without holes: "inside" is a box test. */
  rect: boolean;
}

function polygonBox(poly: PolygonCoords): Extent {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of poly[0] ?? []) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

function isRectangle(poly: PolygonCoords, b: Extent): boolean {
  if (poly.length !== 1) return false;
  const ring = poly[0];
  const distinct = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
  if (distinct !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const [x, y] = ring[i];
    if ((x !== b[0] && x !== b[2]) || (y !== b[1] && y !== b[3])) return false;
    // Consecutive corners differ in exactly one coordinate (no bow-tie).
    const [nx, ny] = ring[(i + 1) % 4];
    if ((x === nx) === (y === ny)) return false;
  }
  return true;
}

/** Winding number of (px, py) about a polygon: non-zero inside (holes subtract). */
export function polygonWinding(poly: PolygonCoords, px: number, py: number): number {
  let w = 0;
  for (const ring of poly) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 <= py) {
        if (y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w++;
      } else if (y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w--;
    }
  }
  return w;
}

/** The loaded sheet frames, indexed by number and by place. */
export class FrameIndex {
  readonly frames: PreparedFrame[];
  private readonly bySheet = new Map<string, number[]>();
  private readonly grid: BoxGrid;

  constructor(frames: readonly SheetFrame[]) {
    this.frames = frames
      .filter((f) => f.polygon.length > 0 && (f.polygon[0]?.length ?? 0) >= 4)
      .map((frame) => {
        const box = polygonBox(frame.polygon);
        return { frame, box, rect: isRectangle(frame.polygon, box) };
      });
    const boxes = new Float64Array(this.frames.length * 4);
    this.frames.forEach((f, i) => {
      boxes.set(f.box, 4 * i);
      const k = sheetKey(f.frame.sheetNo);
      if (k === null) return;
      const list = this.bySheet.get(k);
      if (list) list.push(i);
      else this.bySheet.set(k, [i]);
    });
    this.grid = new BoxGrid(boxes);
  }

  get size(): number {
    return this.frames.length;
  }

  private contains(i: number, x: number, y: number): boolean {
    const f = this.frames[i];
    if (!(x >= f.box[0] && x <= f.box[2] && y >= f.box[1] && y <= f.box[3])) return false;
    return f.rect || polygonWinding(f.frame.polygon, x, y) !== 0;
  }

  /**
   * The frame a parcel belongs to: the frame with its sheet number (and commune, when both are
   * known), else the frame its inner point (x, y) lies in; -1 when none. Among several candidates
   * the one holding the inner point wins, then the first loaded.
   */
  frameOf(communeCode: string | null, sheetNo: string | null, x: number, y: number): number {
    const k = sheetKey(sheetNo);
    const named = k === null ? undefined : this.bySheet.get(k);
    if (named) {
      const same = named.filter((i) => {
        const c = this.frames[i].frame.communeCode;
        return communeCode === null || c === null || c === communeCode;
      });
      if (same.length === 1) return same[0];
      if (same.length > 1) return same.find((i) => this.contains(i, x, y)) ?? same[0];
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
    let best = -1;
    this.grid.visit(x, y, (i) => {
      if (!this.contains(i, x, y)) return;
      const rank = (j: number): number => (communeCode !== null && this.frames[j].frame.communeCode === communeCode ? 0 : 1);
      if (best === -1 || rank(i) < rank(best) || (rank(i) === rank(best) && i < best)) best = i;
    });
    return best;
  }

  /**
   * True when every vertex [v0, v1) of `coords` is certainly inside frame i (within `tolerance`):
   * the quick answer for the many parcels far from a frame line. False means "look closer".
   */
  surelyInside(i: number, coords: Float64Array, v0: number, v1: number, box: Extent, tolerance: number): boolean {
    const f = this.frames[i];
    const b = f.box;
    if (f.rect) return box[0] >= b[0] - tolerance && box[1] >= b[1] - tolerance && box[2] <= b[2] + tolerance && box[3] <= b[3] + tolerance;
    if (!(box[0] >= b[0] && box[1] >= b[1] && box[2] <= b[2] && box[3] <= b[3])) return false;
    // No frame edge near the parcel's box, and one vertex inside: the whole parcel is inside.
    for (const ring of f.frame.polygon) {
      for (let j = 0; j < ring.length - 1; j++) {
        const [x1, y1] = ring[j];
        const [x2, y2] = ring[j + 1];
        if (Math.max(x1, x2) >= box[0] - tolerance && Math.min(x1, x2) <= box[2] + tolerance && Math.max(y1, y2) >= box[1] - tolerance && Math.min(y1, y2) <= box[3] + tolerance) {
          return false;
        }
      }
    }
    return v1 > v0 && polygonWinding(f.frame.polygon, coords[2 * v0], coords[2 * v0 + 1]) !== 0;
  }
}

const cache = new WeakMap<ValidationReference, FrameIndex | null>();

/** The frame index of a reference (cached per reference object); null when it has no frames. */
export function frameIndexOf(ref: ValidationReference | null | undefined): FrameIndex | null {
  if (!ref || ref.frames.length === 0) return null;
  let idx = cache.get(ref);
  if (idx === undefined) {
    idx = new FrameIndex(ref.frames);
    if (idx.size === 0) idx = null;
    cache.set(ref, idx);
  }
  return idx;
}
