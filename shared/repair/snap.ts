/**
 * Topology-preserving snapping of near-miss vertices. Vertices of different parcels closer than the
 * tolerance become one position (clusters centred on the position most parcels already share, so
 * the fewest vertices move); a vertex still within the tolerance of a neighbour's edge moves onto
 * that edge, and every position is inserted into the edges of movable parcels that pass within the
 * tolerance. Afterwards shared boundaries are identical vertex sequences on both sides.
 *
 * Parcels outside the selected findings take part as fixed references: their vertices are cluster
 * centres that never move and their edges never get vertices, so snapping a pair never pulls a
 * third parcel's boundary away from them.
 */
import Flatbush from 'flatbush';
import type { Extent, Position, Ring } from '../geo/geometry.js';
import type { Polygons } from './jsts-ops.js';
import { dedupeRing, extentOf, positionKey, segmentDistance2 } from './shape.js';
import type { Workspace } from './workspace.js';

export interface SnapOutcome {
  /** New shapes of the movable parcels that changed. */
  shapes: Map<number, Polygons>;
  /** Movable parcels that had to stay as they are (snapping broke them), with the reason. */
  frozen: Map<number, string>;
  /** "p,q" (p < q) → positions made common to both parcels. */
  pairCounts: Map<string, number>;
}

interface RingRef {
  p: number;
  poly: number;
  ring: number;
  /** Vertex ids (into the vertex arrays), ring open (no closing vertex). */
  verts: number[];
}

function pairKey(p: number, q: number): string {
  return p < q ? `${p},${q}` : `${q},${p}`;
}

/** One snapping pass over `domain` with the given movable parcels; no validity checks. */
function snapOnce(
  ws: Workspace,
  domain: readonly number[],
  movable: ReadonlySet<number>,
  t: number,
  fresh: ReadonlySet<string> | null,
  corners: boolean,
): Map<number, Polygons> {
  const rings: RingRef[] = [];
  const posIndex = new Map<string, number>();
  const posX: number[] = [], posY: number[] = [];
  const posParcels: Set<number>[] = [];
  const posFixed: boolean[] = [];
  const posFresh: boolean[] = [];
  const vertPos: number[] = [];
  for (const p of domain) {
    const shape = ws.shape(p);
    shape.forEach((poly, gi) => {
      poly.forEach((ring, ri) => {
        const open = dedupeRing(ring).slice(0, -1);
        const verts: number[] = [];
        for (const pt of open) {
          const key = positionKey(pt);
          let id = posIndex.get(key);
          if (id === undefined) {
            id = posX.length;
            posIndex.set(key, id);
            posX.push(pt[0]);
            posY.push(pt[1]);
            posParcels.push(new Set());
            posFixed.push(false);
            posFresh.push(!fresh || fresh.has(key));
          }
          posParcels[id].add(p);
          if (!movable.has(p)) posFixed[id] = true;
          verts.push(vertPos.length);
          vertPos.push(id);
        }
        rings.push({ p, poly: gi, ring: ri, verts });
      });
    });
  }
  const P = posX.length;
  // 1. Vertex clusters.
  const order = Array.from({ length: P }, (_, i) => i);
  const posMinFid = posParcels.map((s) => Math.min(...[...s].map((p) => ws.fid(p))));
  const minFid = (i: number): number => posMinFid[i];
  order.sort(
    (a, b) =>
      Number(posFixed[b]) - Number(posFixed[a]) ||
      posParcels[b].size - posParcels[a].size ||
      minFid(a) - minFid(b) ||
      posX[a] - posX[b] ||
      posY[a] - posY[b],
  );
  const cell = (v: number): number => Math.floor(v / t);
  const grid = new Map<string, number[]>();
  for (let i = 0; i < P; i++) {
    const k = `${cell(posX[i])},${cell(posY[i])}`;
    const list = grid.get(k);
    if (list) list.push(i);
    else grid.set(k, [i]);
  }
  const cluster = new Int32Array(P).fill(-1);
  const cx: number[] = [], cy: number[] = [], cFixed: boolean[] = [], cFresh: boolean[] = [];
  const cParcels: Set<number>[] = [];
  for (const i of order) {
    if (cluster[i] !== -1) continue;
    const c = cx.length;
    cx.push(posX[i]);
    cy.push(posY[i]);
    cFixed.push(posFixed[i]);
    cFresh.push(posFresh[i]);
    cParcels.push(new Set(posParcels[i]));
    cluster[i] = c;
    const gx = cell(posX[i]), gy = cell(posY[i]);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
          if (cluster[j] !== -1 || posFixed[j] || !(posFresh[i] || posFresh[j])) continue;
          if (Math.hypot(posX[j] - posX[i], posY[j] - posY[i]) > t) continue;
          cluster[j] = c;
          if (posFresh[j]) cFresh[c] = true;
          for (const p of posParcels[j]) cParcels[c].add(p);
        }
      }
    }
  }
  const C = cx.length;
  const vc = (v: number): number => cluster[vertPos[v]];

  // 2. Clusters near a neighbour's edge move onto it (the nearest one).
  const segments = (filter: (r: RingRef) => boolean): { ring: number[]; i: number[]; a: number[]; b: number[]; index: Flatbush | null } => {
    const sr: number[] = [], si: number[] = [], sa: number[] = [], sb: number[] = [];
    rings.forEach((r, ri) => {
      if (!filter(r)) return;
      const n = r.verts.length;
      for (let i = 0; i < n; i++) {
        const a = vc(r.verts[i]), b = vc(r.verts[(i + 1) % n]);
        if (a === b) continue;
        sr.push(ri);
        si.push(i);
        sa.push(a);
        sb.push(b);
      }
    });
    if (sr.length === 0) return { ring: sr, i: si, a: sa, b: sb, index: null };
    const index = new Flatbush(sr.length);
    for (let s = 0; s < sr.length; s++) {
      index.add(Math.min(cx[sa[s]], cx[sb[s]]), Math.min(cy[sa[s]], cy[sb[s]]), Math.max(cx[sa[s]], cx[sb[s]]), Math.max(cy[sa[s]], cy[sb[s]]));
    }
    index.finish();
    return { ring: sr, i: si, a: sa, b: sb, index };
  };
  const all = segments(() => true);
  const t2 = t * t;
  // A position within the tolerance of an edge's end is that end's node under the tolerance (two
  // fixed positions that could not be merged): putting it on the edge as well would fold the ring.
  const nearEnd = (c: number, a: number, b: number): boolean =>
    (cx[c] - cx[a]) ** 2 + (cy[c] - cy[a]) ** 2 <= t2 || (cx[c] - cx[b]) ** 2 + (cy[c] - cy[b]) ** 2 <= t2;
  const moves: Array<[number, number, number]> = [];
  if (all.index) {
    for (let c = 0; c < C; c++) {
      if (cFixed[c]) continue;
      let best = Infinity, bx = 0, by = 0;
      const near: number[] = [];
      for (const s of all.index.search(cx[c] - t, cy[c] - t, cx[c] + t, cy[c] + t)) {
        const a = all.a[s], b = all.b[s];
        if (a === c || b === c || cParcels[c].has(rings[all.ring[s]].p) || nearEnd(c, a, b) || !(cFresh[c] || cFresh[a] || cFresh[b])) continue;
        const { d2, t: u } = segmentDistance2(cx[c], cy[c], cx[a], cy[a], cx[b], cy[b]);
        if (d2 > t2 || u <= 0 || u >= 1) continue;
        near.push(s);
        if (d2 === 0 || d2 >= best) continue;
        best = d2;
        bx = cx[a] + u * (cx[b] - cx[a]);
        by = cy[a] + u * (cy[b] - cy[a]);
      }
      // A position near the edges of two other parcels sits where their boundaries meet: moved onto
      // only the nearest one, it would stay a hair off the other and leave a needle along it.
      const corner = corners && near.length > 1 ? edgeCorner(c, near, all, rings, cx, cy, t2) : null;
      if (corner) moves.push([c, corner[0], corner[1]]);
      else if (best < Infinity) moves.push([c, bx, by]);
    }
  }
  for (const [c, x, y] of moves) {
    cx[c] = x;
    cy[c] = y;
  }

  // 3. Every position is inserted into the movable edges passing within the tolerance.
  const mov = segments((r) => movable.has(r.p));
  const inserts = new Map<string, Array<[number, number]>>();
  if (mov.index) {
    for (let c = 0; c < C; c++) {
      for (const s of mov.index.search(cx[c] - t, cy[c] - t, cx[c] + t, cy[c] + t)) {
        const a = mov.a[s], b = mov.b[s];
        if (a === c || b === c || cParcels[c].has(rings[mov.ring[s]].p) || nearEnd(c, a, b) || !(cFresh[c] || cFresh[a] || cFresh[b])) continue;
        const { d2, t: u } = segmentDistance2(cx[c], cy[c], cx[a], cy[a], cx[b], cy[b]);
        if (d2 > t2 || u <= 0 || u >= 1) continue;
        if ((cx[c] === cx[a] && cy[c] === cy[a]) || (cx[c] === cx[b] && cy[c] === cy[b])) continue;
        const key = `${mov.ring[s]}:${mov.i[s]}`;
        const list = inserts.get(key);
        if (list) list.push([u, c]);
        else inserts.set(key, [[u, c]]);
      }
    }
  }

  // 4. Rebuild the rings of the movable parcels.
  const out = new Map<number, Polygons>();
  const rebuilt = new Map<number, Polygons>();
  rings.forEach((r, ri) => {
    if (!movable.has(r.p)) return;
    const n = r.verts.length;
    const ring: Ring = [];
    for (let i = 0; i < n; i++) {
      const c = vc(r.verts[i]);
      ring.push([cx[c], cy[c]]);
      const list = inserts.get(`${ri}:${i}`);
      if (list) {
        list.sort((x, y) => x[0] - y[0]);
        for (const [, k] of list) ring.push([cx[k], cy[k]]);
      }
    }
    if (n > 0) ring.push([ring[0][0], ring[0][1]]);
    let shape = rebuilt.get(r.p);
    if (!shape) {
      shape = ws.shape(r.p).map((poly) => poly.map((x) => x));
      rebuilt.set(r.p, shape);
    }
    shape[r.poly][r.ring] = dedupeRing(ring);
  });
  for (const [p, shape] of rebuilt) {
    const old = ws.shape(p);
    const same = shape.every((poly, gi) => poly.every((ring, ri) => sameRing(ring, dedupeRing(old[gi][ri]))));
    if (!same) out.set(p, shape);
  }
  return out;
}

/**
 * The crossing, within the tolerance of position c, of two edges (of `near`) belonging to different
 * parcels, nearest to c; null when there is none (parallel edges, crossing outside them or too far).
 */
function edgeCorner(
  c: number,
  near: readonly number[],
  segs: { ring: number[]; a: number[]; b: number[] },
  rings: readonly RingRef[],
  cx: readonly number[],
  cy: readonly number[],
  t2: number,
): [number, number] | null {
  let best = Infinity;
  let out: [number, number] | null = null;
  for (let i = 0; i < near.length; i++) {
    const s = near[i];
    const ax = cx[segs.a[s]], ay = cy[segs.a[s]], dx = cx[segs.b[s]] - ax, dy = cy[segs.b[s]] - ay;
    for (let j = i + 1; j < near.length; j++) {
      const r = near[j];
      if (rings[segs.ring[r]].p === rings[segs.ring[s]].p) continue;
      if (segs.a[r] === segs.a[s] || segs.a[r] === segs.b[s] || segs.b[r] === segs.a[s] || segs.b[r] === segs.b[s]) continue;
      const qx = cx[segs.a[r]], qy = cy[segs.a[r]], ex = cx[segs.b[r]] - qx, ey = cy[segs.b[r]] - qy;
      const den = dx * ey - dy * ex;
      // Nearly parallel edges have no well-defined crossing (sin of the angle below 1e-6).
      if (Math.abs(den) <= 1e-6 * Math.hypot(dx, dy) * Math.hypot(ex, ey)) continue;
      const u = ((qx - ax) * ey - (qy - ay) * ex) / den;
      const v = ((qx - ax) * dy - (qy - ay) * dx) / den;
      if (u <= 0 || u >= 1 || v <= 0 || v >= 1) continue;
      const x = ax + u * dx, y = ay + u * dy;
      const d2 = (x - cx[c]) ** 2 + (y - cy[c]) ** 2;
      if (d2 > t2 || d2 >= best) continue;
      best = d2;
      out = [x, y];
    }
  }
  return out;
}

function sameRing(a: Ring, b: Ring): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

/**
 * Snaps the given parcels to each other and to their neighbours. `check` vets each new shape (null
 * = acceptable); a parcel whose shape fails is frozen and the snap recomputed without moving it.
 * With `fresh` (position keys "x,y"), only those positions and the edges ending at them take part:
 * the rest of the boundaries stay exactly as they are; `focus` (the box holding them) then limits
 * the fixed neighbours loaded to those around it instead of around the whole movable parcels.
 * `corners`: a position within the tolerance of edges of two other parcels moves to where those
 * edges cross rather than onto the nearest one only (the weld and the closing snap use it: a point
 * an overlay computed next to a three-parcel corner belongs on that corner).
 */
export function snapParcels(
  ws: Workspace,
  movableIn: ReadonlySet<number>,
  tolerance: number,
  check: (p: number, before: Polygons, after: Polygons) => string | null,
  fresh: ReadonlySet<string> | null = null,
  focus: Extent | null = null,
  corners = false,
): SnapOutcome {
  const frozen = new Map<number, string>();
  const empty: SnapOutcome = { shapes: new Map(), frozen, pairCounts: new Map() };
  if (!(tolerance > 0) || movableIn.size === 0) return empty;
  const movable = new Set(movableIn);
  const domainSet = new Set<number>(movable);
  if (focus) for (const q of ws.near(focus, tolerance)) domainSet.add(q);
  else {
    for (const p of movable) {
      const e = extentOf(ws.shape(p));
      if (e) for (const q of ws.near(e, tolerance)) domainSet.add(q);
    }
  }
  const domain = [...domainSet].sort((a, b) => a - b);
  let shapes = new Map<number, Polygons>();
  for (let round = 0; round <= movableIn.size; round++) {
    shapes = snapOnce(ws, domain, movable, tolerance, fresh, corners);
    let failed = false;
    for (const [p, after] of shapes) {
      const reason = check(p, ws.shape(p), after);
      if (reason) {
        frozen.set(p, reason);
        movable.delete(p);
        failed = true;
      }
    }
    if (!failed) break;
    if (movable.size === 0) {
      shapes = new Map();
      break;
    }
  }
  // Which pairs now share positions they did not share before.
  const final = (p: number): Polygons => shapes.get(p) ?? ws.shape(p);
  const owners = new Map<string, Set<number>>();
  for (const p of domain) {
    for (const poly of final(p)) for (const ring of poly) for (const pt of ring) {
      const k = positionKey(pt);
      const s = owners.get(k);
      if (s) s.add(p);
      else owners.set(k, new Set([p]));
    }
  }
  const pairCounts = new Map<string, number>();
  const seen = new Set<string>();
  for (const [p, shape] of shapes) {
    const before = new Set<string>();
    for (const poly of ws.shape(p)) for (const ring of poly) for (const pt of ring) before.add(positionKey(pt));
    for (const poly of shape) {
      for (const ring of poly) {
        for (const pt of ring) {
          const k = positionKey(pt as Position);
          if (before.has(k)) continue;
          for (const q of owners.get(k) ?? []) {
            if (q === p) continue;
            const pk = pairKey(p, q);
            if (seen.has(`${pk}@${k}`)) continue;
            seen.add(`${pk}@${k}`);
            pairCounts.set(pk, (pairCounts.get(pk) ?? 0) + 1);
          }
        }
      }
    }
  }
  return { shapes, frozen, pairCounts };
}

/**
 * One-way snap of `shape` onto `target` (used before merging a sliver into its neighbour): each
 * vertex within the tolerance of a target vertex moves onto it, else onto the nearest target edge.
 */
export function snapOnto(shape: Polygons, target: Polygons, tolerance: number): Polygons {
  if (!(tolerance > 0)) return shape;
  const tv: Position[] = [];
  const te: Array<[Position, Position]> = [];
  for (const poly of target) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length - 1; i++) {
        tv.push(ring[i]);
        te.push([ring[i], ring[i + 1]]);
      }
    }
  }
  const t2 = tolerance * tolerance;
  const move = ([x, y]: Position): Position => {
    let best = Infinity, bx = x, by = y;
    for (const [vx, vy] of tv) {
      const d2 = (vx - x) ** 2 + (vy - y) ** 2;
      if (d2 <= t2 && d2 < best) [best, bx, by] = [d2, vx, vy];
    }
    if (best < Infinity) return [bx, by];
    for (const [a, b] of te) {
      const { d2, t } = segmentDistance2(x, y, a[0], a[1], b[0], b[1]);
      if (d2 <= t2 && d2 < best) [best, bx, by] = [d2, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    }
    return [bx, by];
  };
  return shape.map((poly) => poly.map((ring) => dedupeRing(ring.map(move))));
}
