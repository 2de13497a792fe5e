/**
 * A uniform grid of boxes for "which boxes contain this point" queries. Building it is two linear
 * passes (count, fill), several times cheaper than a packed R-tree for the one-off lookups the
 * planar graph makes (where does each unconnected piece of the graph lie).
 */
import { ringCount, type ParcelSet } from './parcel-set.js';

/** Boxes spanning more cells than this are kept in a short list that every query checks. */
const MAX_CELLS_PER_BOX = 64;
const MAX_GRID_CELLS = 1 << 20;

export class BoxGrid {
  private readonly cellStart: Int32Array;
  private readonly items: Int32Array;
  private readonly big: Int32Array;
  private readonly minX: number;
  private readonly minY: number;
  private readonly inv: number;
  private readonly gw: number;
  private readonly gh: number;

  /** `boxes` holds [minx, miny, maxx, maxy] per item; items with a NaN box are never returned. */
  constructor(private readonly boxes: Float64Array) {
    const n = boxes.length / 4;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, sum = 0, count = 0;
    for (let i = 0; i < n; i++) {
      const x0 = boxes[4 * i], y0 = boxes[4 * i + 1], x1 = boxes[4 * i + 2], y1 = boxes[4 * i + 3];
      if (!(x0 <= x1 && y0 <= y1)) continue;
      if (x0 < minX) minX = x0;
      if (y0 < minY) minY = y0;
      if (x1 > maxX) maxX = x1;
      if (y1 > maxY) maxY = y1;
      sum += Math.max(x1 - x0, y1 - y0);
      count++;
    }
    if (count === 0) minX = minY = maxX = maxY = 0;
    const W = Math.max(maxX - minX, 1e-9), H = Math.max(maxY - minY, 1e-9);
    let cell = Math.max(count > 0 ? (2 * sum) / count : 1, 1e-9);
    while ((W / cell + 1) * (H / cell + 1) > MAX_GRID_CELLS) cell *= 1.5;
    const inv = 1 / cell;
    const gw = Math.floor(W * inv) + 1, gh = Math.floor(H * inv) + 1;
    const cellStart = new Int32Array(gw * gh + 1);
    const span = new Int32Array(4 * n);
    let bigCount = 0;
    for (let i = 0; i < n; i++) {
      const x0 = boxes[4 * i], y0 = boxes[4 * i + 1], x1 = boxes[4 * i + 2], y1 = boxes[4 * i + 3];
      if (!(x0 <= x1 && y0 <= y1)) {
        span[4 * i] = -2;
        continue;
      }
      const cx0 = Math.floor((x0 - minX) * inv), cy0 = Math.floor((y0 - minY) * inv);
      const cx1 = Math.min(gw - 1, Math.floor((x1 - minX) * inv)), cy1 = Math.min(gh - 1, Math.floor((y1 - minY) * inv));
      if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS_PER_BOX) {
        span[4 * i] = -1;
        bigCount++;
        continue;
      }
      span[4 * i] = cx0;
      span[4 * i + 1] = cy0;
      span[4 * i + 2] = cx1;
      span[4 * i + 3] = cy1;
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) cellStart[cy * gw + cx + 1]++;
    }
    for (let c = 0; c < gw * gh; c++) cellStart[c + 1] += cellStart[c];
    const fill = cellStart.slice(0, gw * gh);
    const items = new Int32Array(cellStart[gw * gh]);
    const big = new Int32Array(bigCount);
    let b = 0;
    for (let i = 0; i < n; i++) {
      const cx0 = span[4 * i];
      if (cx0 === -2) continue;
      if (cx0 === -1) {
        big[b++] = i;
        continue;
      }
      const cy0 = span[4 * i + 1], cx1 = span[4 * i + 2], cy1 = span[4 * i + 3];
      for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) items[fill[cy * gw + cx]++] = i;
    }
    this.cellStart = cellStart;
    this.items = items;
    this.big = big;
    this.minX = minX;
    this.minY = minY;
    this.inv = inv;
    this.gw = gw;
    this.gh = gh;
  }

  /** Calls `visit` once for every item whose box contains (px, py), borders included. */
  visit(px: number, py: number, visit: (item: number) => void): void {
    const b = this.boxes;
    const hit = (i: number): boolean => b[4 * i] <= px && px <= b[4 * i + 2] && b[4 * i + 1] <= py && py <= b[4 * i + 3];
    const cx = Math.floor((px - this.minX) * this.inv), cy = Math.floor((py - this.minY) * this.inv);
    if (cx >= 0 && cy >= 0 && cx < this.gw && cy < this.gh) {
      const c = cy * this.gw + cx;
      for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) if (hit(this.items[k])) visit(this.items[k]);
    }
    for (let k = 0; k < this.big.length; k++) if (hit(this.big[k])) visit(this.big[k]);
  }
}

/** Grid of the bounding boxes of all rings of the set (empty rings are left out). */
export function ringBoxGrid(set: ParcelSet, nRings = ringCount(set)): BoxGrid {
  const boxes = new Float64Array(nRings * 4).fill(NaN);
  const c = set.coords;
  for (let r = 0; r < nRings; r++) {
    const v0 = set.ringStart[r], v1 = set.ringStart[r + 1];
    if (v1 <= v0) continue;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let v = v0; v < v1; v++) {
      const x = c[2 * v], y = c[2 * v + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    boxes[4 * r] = x0;
    boxes[4 * r + 1] = y0;
    boxes[4 * r + 2] = x1;
    boxes[4 * r + 3] = y1;
  }
  return new BoxGrid(boxes);
}
