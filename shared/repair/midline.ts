/**
 * Splitting a thin region down its middle between the parcels along its sides: the fallback for a
 * gap no single neighbour can take (the union would leave a spike at the region's sharp end) and an
 * overlap neither parcel can lose whole (the cut would split it). A technician closing such a
 * double-digitised or unmatched boundary draws the line half-way; so does this.
 *
 * The region's ring is labelled edge by edge with the parcel whose boundary the edge lies on. The
 * longest run of one label is the far side (of a given label if asked); the rest of the ring is the
 * near side (a label may come back there: where two boundaries cross the strip, one parcel's edge
 * is on top for a while, then the other's). The midline runs from junction to junction through the
 * midpoints between each chain vertex and its nearest point on the other chain, ordered by their
 * progress along both chains. The far side's piece is bounded by its chain and the midline; the near
 * side is cut into one piece per run at the midline points of the vertices where the label changes.
 * Returns null when a piece comes out invalid or the pieces do not tile the region (a region that
 * is not a strip between two sides: a V of two needles, an X of two crossing strips).
 */
import type { Position, Ring } from '../geo/geometry.js';
import { intersection, invalidReason, type Polygons } from './jsts-ops.js';
import { area, dedupeRing, pointInRing, segmentDistance2 } from './shape.js';

export interface MidlinePiece {
  /** The label of the chain the piece lies along. */
  side: number;
  piece: Polygons;
}

/** Nearest point of a polyline to p, with its arc length from the polyline's start. */
function nearestOn(line: readonly Position[], p: Position): { q: Position; s: number } {
  let best = Infinity, q: Position = line[0], s = 0, run = 0;
  for (let i = 0; i < line.length - 1; i++) {
    const a = line[i], b = line[i + 1];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const { d2, t } = segmentDistance2(p[0], p[1], a[0], a[1], b[0], b[1]);
    if (d2 < best) {
      best = d2;
      q = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      s = run + t * len;
    }
    run += len;
  }
  return { q, s };
}

function arcLengths(line: readonly Position[]): number[] {
  const out = [0];
  for (let i = 1; i < line.length; i++) out.push(out[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  return out;
}

/**
 * The pieces of a one-ring region split along its midline (see the module comment). `labels(a, b)`
 * names the parcels whose boundary the ring edge a→b lies on (none: the split is refused; several,
 * where boundaries run together: the one the ring is already following). `farSide`: the label to
 * use as the far side instead of the one with the longest run.
 */
export function splitAlongMidline(ringIn: Ring, labels: (a: Position, b: Position) => number[], farSide?: number): MidlinePiece[] | null {
  const ring = dedupeRing(ringIn);
  const n = ring.length - 1;
  if (n < 3) return null;
  const options: number[][] = [];
  for (let i = 0; i < n; i++) {
    const l = labels(ring[i], ring[i + 1]);
    if (l.length === 0) return null;
    options.push(l);
  }
  const lab = options.map((o) => (o.length === 1 ? o[0] : -1));
  for (let pass = 0; pass < n && lab.includes(-1); pass++) {
    for (let i = 0; i < n; i++) {
      if (lab[i] !== -1) continue;
      const prev = lab[(i - 1 + n) % n], next = lab[(i + 1) % n];
      if (prev !== -1 && options[i].includes(prev)) lab[i] = prev;
      else if (next !== -1 && options[i].includes(next)) lab[i] = next;
    }
  }
  for (let i = 0; i < n; i++) if (lab[i] === -1) lab[i] = options[i][0];
  // Runs of one label around the ring; the far side is the longest run (of `farSide` if given).
  const runStart: number[] = [];
  for (let i = 0; i < n; i++) if (lab[i] !== lab[(i - 1 + n) % n]) runStart.push(i);
  if (runStart.length < 2) return null;
  const edgeLength = (i: number): number => Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
  let best = -1, bestLength = -1;
  for (let r = 0; r < runStart.length; r++) {
    if (farSide !== undefined && lab[runStart[r]] !== farSide) continue;
    let length = 0;
    for (let i = runStart[r]; i !== runStart[(r + 1) % runStart.length]; i = (i + 1) % n) length += edgeLength(i);
    if (length > bestLength) [best, bestLength] = [r, length];
  }
  if (best < 0) return null;
  const far = lab[runStart[best]];
  const farFrom = runStart[best], start = runStart[(best + 1) % runStart.length];
  // Near chain: J1 = ring[start] … J2 = ring[farFrom]; far chain reversed to run J1 → J2.
  const near: Position[] = [];
  const nearLab: number[] = [];
  let i = start;
  while (i !== farFrom) {
    near.push(ring[i]);
    nearLab.push(lab[i]);
    i = (i + 1) % n;
  }
  near.push(ring[farFrom]);
  const farChain: Position[] = [];
  while (i !== start) {
    farChain.push(ring[i]);
    i = (i + 1) % n;
  }
  farChain.push(ring[start]);
  farChain.reverse();
  const L0 = arcLengths(near), L1 = arcLengths(farChain);
  const len0 = L0[L0.length - 1], len1 = L1[L1.length - 1];
  if (!(len0 > 0 && len1 > 0)) return null;
  // Midpoints between each inner chain vertex and the other chain, in order of progress along both.
  const samples: Array<{ p: Position; at: number; nearVertex: number }> = [];
  // A midpoint outside the region (where it bends, the nearest point across may lie beyond a corner)
  // is no use to the midline.
  const inside = (p: Position): boolean => pointInRing(ring, p[0], p[1]);
  const nearSamples = near.map((v, k) => {
    if (k === 0 || k === near.length - 1) return null;
    const { q, s } = nearestOn(farChain, v);
    const p: Position = [(v[0] + q[0]) / 2, (v[1] + q[1]) / 2];
    return inside(p) ? { p, at: (L0[k] / len0 + s / len1) / 2, nearVertex: k } : null;
  });
  // The near side is cut where its label changes, which needs a midline point there: where there is
  // none (typically a short edge at the region's sharp end), the shorter run joins the longer one.
  for (let guard = 0; guard < nearLab.length; guard++) {
    const k = nearLab.findIndex((l, j) => j > 0 && l !== nearLab[j - 1] && !nearSamples[j]);
    if (k < 0) break;
    const runOf = (j: number): [number, number] => {
      let a = j, b = j;
      while (a > 0 && nearLab[a - 1] === nearLab[j]) a--;
      while (b < nearLab.length - 1 && nearLab[b + 1] === nearLab[j]) b++;
      return [a, b];
    };
    const length = ([a, b]: [number, number]): number => L0[b + 1] - L0[a];
    const before = runOf(k - 1), after = runOf(k);
    const [from, into] = length(before) < length(after) ? [before, nearLab[k]] : [after, nearLab[k - 1]];
    for (let j = from[0]; j <= from[1]; j++) nearLab[j] = into;
  }
  for (const x of nearSamples) if (x) samples.push(x);
  for (let k = 1; k < farChain.length - 1; k++) {
    const { q, s } = nearestOn(near, farChain[k]);
    const p: Position = [(farChain[k][0] + q[0]) / 2, (farChain[k][1] + q[1]) / 2];
    if (inside(p)) samples.push({ p, at: (s / len0 + L1[k] / len1) / 2, nearVertex: -1 });
  }
  samples.sort((a, b) => a.at - b.at);
  const mid: Position[] = [near[0], ...samples.map((x) => x.p), near[near.length - 1]];
  const midIndexOf = new Map<number, number>([[0, 0], [near.length - 1, mid.length - 1]]);
  samples.forEach((x, j) => {
    if (x.nearVertex >= 0) midIndexOf.set(x.nearVertex, j + 1);
  });
  const pieces: MidlinePiece[] = [];
  const close = (r: Position[]): Polygons => [[dedupeRing([...r, r[0]])]];
  pieces.push({ side: far, piece: close([...mid, ...[...farChain].reverse().slice(1, -1)]) });
  // Near side: one piece per run of a label, cut at the midline point of the vertex where it changes.
  let a = 0;
  for (let k = 1; k <= nearLab.length; k++) {
    if (k < nearLab.length && nearLab[k] === nearLab[a]) continue;
    const ma = midIndexOf.get(a)!, mb = midIndexOf.get(k)!;
    if (mb <= ma) return null;
    pieces.push({ side: nearLab[a], piece: close([...near.slice(a, k + 1), ...mid.slice(ma, mb + 1).reverse()]) });
    a = k;
  }
  const total = area([[ring]]);
  let sum = 0;
  for (const p of pieces) {
    if (p.piece[0][0].length < 4 || invalidReason(p.piece) !== null) return null;
    const pa = area(p.piece);
    if (!(pa > 0)) return null;
    // The pieces must tile the region: a midline leaving it would make them spill out or overlap.
    if (area(intersection(p.piece, [[ring]])) < pa * (1 - 1e-6)) return null;
    sum += pa;
  }
  if (Math.abs(sum - total) > 1e-6 * total + 1e-9) return null;
  return pieces;
}
