/**
 * The planner's scratch copy of the parcels: the original set plus the shapes changed by earlier
 * repairs of the same plan, so each repair sees the result of the previous ones. Neighbour lookups
 * use a Flatbush index over the original boxes, plus a short list of parcels that grew since.
 */
import Flatbush from 'flatbush';
import type { AreaGeometry, Extent } from '../geo/geometry.js';
import { ParcelSetBuilder, parcelBoxes, parcelGeometry, type ParcelSet } from '../topology/parcel-set.js';
import type { Polygons } from './jsts-ops.js';
import { extentOf, polygonsOf } from './shape.js';

export class Workspace {
  private readonly index: Flatbush;
  private readonly boxes: Float64Array;
  private readonly shapes = new Map<number, Polygons>();
  private readonly originals = new Map<number, Polygons>();
  /** Parcels whose current box is larger than the indexed one. */
  private readonly grown = new Map<number, Extent>();
  readonly removed = new Set<number>();
  private readonly byFid = new Map<number, number>();

  constructor(readonly set: ParcelSet) {
    this.boxes = parcelBoxes(set);
    this.index = new Flatbush(Math.max(1, set.count));
    for (let p = 0; p < set.count; p++) {
      const b = this.boxes;
      if (Number.isNaN(b[4 * p])) this.index.add(Infinity, Infinity, Infinity, Infinity);
      else this.index.add(b[4 * p], b[4 * p + 1], b[4 * p + 2], b[4 * p + 3]);
      this.byFid.set(set.fids[p], p);
    }
    if (set.count === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** Parcel index of a feature id, or undefined. */
  parcelOf(fid: number): number | undefined {
    return this.byFid.get(fid);
  }

  fid(p: number): number {
    return this.set.fids[p];
  }

  originalGeometry(p: number): AreaGeometry | null {
    return parcelGeometry(this.set, p);
  }

  /** Current shape (after earlier repairs of the plan). */
  shape(p: number): Polygons {
    const s = this.shapes.get(p) ?? this.originals.get(p);
    if (s) return s;
    // Original shapes are read often (neighbour checks) and never mutated: convert each once.
    const fresh = polygonsOf(parcelGeometry(this.set, p));
    this.originals.set(p, fresh);
    return fresh;
  }

  changed(): number[] {
    return [...this.shapes.keys()].sort((a, b) => a - b);
  }

  isChanged(p: number): boolean {
    return this.shapes.has(p);
  }

  setShape(p: number, polys: Polygons): void {
    this.shapes.set(p, polys);
    const e = extentOf(polys);
    const b = this.boxes;
    if (e && (e[0] < b[4 * p] || e[1] < b[4 * p + 1] || e[2] > b[4 * p + 2] || e[3] > b[4 * p + 3] || Number.isNaN(b[4 * p]))) {
      this.grown.set(p, e);
    }
  }

  /** What `restore` needs to undo later changes of p within the plan. */
  snapshot(p: number): { p: number; shape: Polygons | undefined } {
    return { p, shape: this.shapes.get(p) };
  }

  restore(snap: { p: number; shape: Polygons | undefined }): void {
    if (snap.shape) this.shapes.set(snap.p, snap.shape);
    else {
      this.shapes.delete(snap.p);
      this.grown.delete(snap.p);
    }
  }

  remove(p: number): void {
    this.removed.add(p);
    this.grown.delete(p);
  }

  /** Parcels (not removed) whose box meets `box` grown by `margin`. */
  near(box: Extent, margin: number): number[] {
    const [x0, y0, x1, y1] = [box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin];
    const out = new Set<number>(this.set.count > 0 ? this.index.search(x0, y0, x1, y1) : []);
    for (const [p, e] of this.grown) if (e[0] <= x1 && e[2] >= x0 && e[1] <= y1 && e[3] >= y0) out.add(p);
    return [...out].filter((p) => !this.removed.has(p)).sort((a, b) => a - b);
  }

  legalArea(p: number): number {
    return this.set.attrs.areaLegal[p];
  }

  parcelNo(p: number): string | null {
    return this.set.attrs.parcelNo[p];
  }

  /** The whole set as the plan has it now (current shapes, merged-away parcels left out), to validate again. */
  currentSet(): ParcelSet {
    const b = new ParcelSetBuilder();
    for (let p = 0; p < this.set.count; p++) {
      if (this.removed.has(p)) continue;
      const s = this.shapes.get(p);
      // Untouched parcels straight from the set: converting all of them to polygons would cost memory for nothing.
      b.add(this.fid(p), s ? (s.length === 0 ? null : { type: 'MultiPolygon', coordinates: s }) : parcelGeometry(this.set, p));
    }
    return b.build();
  }

  /** A small ParcelSet of the current shapes of `parcels` (for the exact planar-graph check). */
  subset(parcels: readonly number[]): ParcelSet {
    const b = new ParcelSetBuilder();
    for (const p of parcels) {
      const polys = this.shape(p);
      b.add(this.fid(p), polys.length === 0 ? null : { type: 'MultiPolygon', coordinates: polys });
    }
    return b.build();
  }
}
