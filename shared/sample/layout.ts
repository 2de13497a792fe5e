/**
 * The plan of the synthetic commune, drawn in a flat "layout plane" (u east, v north, metres from the
 * south-west corner of the sheet block) before the gentle bending of warp.ts.
 *
 * Shape, from the big to the small:
 * - horizontal corridors run right across the block: village roads (5–7.5 m) and, every ~2.5 km of
 *   height, a meandering river (18–26 m); they split the block into bands ~100–150 m high;
 * - inside each band, lanes (3–4.5 m field roads) or canals (2–3 m) cut the band into blocks
 *   ~125–235 m wide; lanes of neighbouring bands do not line up (T-junctions, like real villages);
 * - a block side facing a road may carry a strip of houses (ONT): frontage 4.2–9.8 m, depth
 *   14–30.5 m varying from lot to lot, side boundaries skewed by up to ±8°; which sides do is decided
 *   by "villageness" (a few village centres) and by the density asked for;
 * - the rest of a block is cut into columns of fields with slightly slanted boundaries, each column
 *   split into fields of 500–3000 m² (the mean is tuned to reach the asked parcel count).
 * Roads, lanes, canals and the river are themselves parcels, cut into segments at lanes.
 */
import { PlanarBuilder, type PlanarLine, type Span } from './planar-builder.js';
import type { Random } from './random.js';

export type FaceKind = 'road' | 'lane' | 'canal' | 'river' | 'residential' | 'field';

/** What the layout knows about each face (parallel to builder.faces). */
export interface FaceInfo {
  kind: FaceKind;
  /** Village influence at the face, 0..1. */
  vil: number;
  /** Index of the nearest village centre (by influence). */
  village: number;
  /** True for fields in a band bordering the river. */
  nearRiver: boolean;
}

export interface VillageCentre {
  u: number;
  v: number;
  r: number;
}

/** Centre line of a road, lane, canal or river in the layout plane. */
export interface CorridorLine {
  kind: 'road' | 'lane' | 'canal' | 'river';
  name: string;
  width: number;
  points: Array<[number, number]>;
}

export interface CommuneLayout {
  builder: PlanarBuilder;
  faces: FaceInfo[];
  villages: VillageCentre[];
  corridors: CorridorLine[];
  /** Mean field area chosen to reach the requested parcel count (m²). */
  fieldArea: number;
}

export interface LayoutRequest {
  width: number;
  height: number;
  /** Parcel count to aim at (reached within roughly ±15 %). */
  targetParcels: number;
  random: Random;
  /**
   * Side of a map sheet (m) when the plan must respect the sheet lines: every sheet line becomes a
   * boundary (a straight field edge where it runs through fields, a cut across roads and the river),
   * no road runs along one and no lane comes near one, so each parcel lies inside one sheet frame.
   * Absent: sheet lines are ignored (about 5 % of parcels then reach across one).
   */
  sheetSide?: number;
}

/** Thrown when the requested density cannot be drawn with realistic parcel sizes. */
export class DensityError extends Error {
  constructor(
    readonly kind: 'dense' | 'sparse',
    readonly minParcels: number,
    readonly maxParcels: number,
  ) {
    super(`density out of range (${kind}): feasible ${minParcels}..${maxParcels}`);
  }
}

const RES_FRONTAGE = 7;
const RES_DEPTH = 22;
const FIELD_MIN = 500;
const FIELD_MAX = 3000;
// Field size the house-strip selection aims at; smaller means fewer house strips for the same count.
const PREFERRED_FIELD = 700;

interface Band {
  bottom: PlanarLine;
  top: PlanarLine;
  bottomKind: 'edge' | 'road' | 'river';
  topKind: 'edge' | 'road' | 'river';
  lanes: Lane[];
}

interface Lane {
  west: PlanarLine;
  east: PlanarLine;
  bw: number;
  be: number;
  tw: number;
  te: number;
  /** A sheet line: west and east are the same line, it has no area of its own. */
  sheet?: boolean;
}

interface Block {
  band: Band;
  west: PlanarLine;
  east: PlanarLine;
  bl: number;
  br: number;
  tl: number;
  tr: number;
  stripTop: boolean;
  stripBottom: boolean;
}

interface Corridor {
  kind: 'road' | 'river';
  south: PlanarLine;
  north: PlanarLine;
  width: number;
  centre: (u: number) => number;
}

/** Lay out a commune of `width` × `height` metres (layout plane). */
export function layoutCommune(req: LayoutRequest): CommuneLayout {
  const { width: W, height: H, random } = req;
  const b = new PlanarBuilder();
  const faces: FaceInfo[] = [];
  const corridorsOut: CorridorLine[] = [];
  const U = (id: number): number => b.u[id]!;
  const V = (id: number): number => b.v[id]!;

  const villages: VillageCentre[] = [];
  const nVillages = Math.max(2, Math.round((W * H) / 400_000));
  for (let i = 0; i < nVillages; i++) {
    villages.push({ u: random.range(0, W), v: random.range(0, H), r: random.range(110, 220) });
  }
  const influence = (u: number, v: number): { vil: number; village: number } => {
    let vil = 0;
    let village = 0;
    for (let i = 0; i < villages.length; i++) {
      const c = villages[i]!;
      const d2 = (u - c.u) ** 2 + (v - c.v) ** 2;
      const f = Math.exp(-d2 / (2 * c.r * c.r));
      if (f > vil) {
        vil = f;
        village = i;
      }
    }
    return { vil, village };
  };
  const face = (spans: Span[], kind: FaceKind, u: number, v: number, nearRiver = false): void => {
    b.addFace(spans);
    const { vil, village } = influence(u, v);
    faces.push({ kind, vil, village, nearRiver });
  };

  // Frame of the sheet block.
  const c00 = b.addVertex(0, 0);
  const c10 = b.addVertex(W, 0);
  const c01 = b.addVertex(0, H);
  const c11 = b.addVertex(W, H);
  const frameBottom = b.line(0, [c00, c10]);
  const frameTop = b.line(0, [c01, c11]);
  const frameLeft = b.line(1, [c00, c01]);
  const frameRight = b.line(1, [c10, c11]);

  // Sheet lines, when the plan respects them: a grid of sheetRows × sheetCols cells.
  const sheetCols = req.sheetSide ? Math.round(W / req.sheetSide) : 1;
  const sheetRows = req.sheetSide ? Math.round(H / req.sheetSide) : 1;
  const cellW = W / sheetCols;
  const cellH = H / sheetRows;
  /** The vertical sheet line after u (or the east frame). */
  const nextSheetU = (u: number): number => Math.min(W, (Math.floor(u / cellW + 1e-9) + 1) * cellW);
  // Roads and lanes keep this far from a sheet line (a straight field edge between them).
  const SHEET_MARGIN = 30;

  // Denser requests need narrower bands (more road frontage per hectare).
  const density = req.targetParcels / (W * H);
  const hMean = density > 0.0028 ? 100 : 130;
  const bMean = 180;

  // Horizontal corridors.
  const centres: Array<{ c: number; w: number; kind: 'road' | 'river' }> = [];
  let vb = 0;
  for (;;) {
    const hb = hMean * random.range(0.85, 1.15);
    const w = random.range(5, 7.5);
    if (H - (vb + hb + w) < 0.8 * hMean) break;
    let c = vb + hb + w / 2;
    let moved = false;
    // A road near a horizontal sheet line moves off it (to its own side), so none runs along one.
    for (let r = 1; r < sheetRows; r++) {
      const vs = r * cellH;
      if (Math.abs(c - vs) < w / 2 + SHEET_MARGIN) {
        c = c >= vs ? vs + w / 2 + SHEET_MARGIN : vs - w / 2 - SHEET_MARGIN;
        moved = true;
      }
    }
    centres.push({ c, w, kind: 'road' });
    if (moved) vb = c + w / 2;
    else vb += hb + w;
  }
  /** Distance from v to the nearest horizontal sheet line (Infinity without sheet lines). */
  const toSheetLine = (v: number): number => {
    let d = Infinity;
    for (let r = 1; r < sheetRows; r++) d = Math.min(d, Math.abs(v - r * cellH));
    return d;
  };
  if (centres.length > 0 && H >= 400) {
    const nRivers = Math.max(1, Math.round(H / 2500));
    for (let k = 0; k < nRivers; k++) {
      const target = ((k + 0.5) * H) / nRivers;
      let best = -1;
      for (let i = 0; i < centres.length; i++) {
        // A river (up to 26 m wide, meandering ±15 m) must not reach a sheet line.
        if (centres[i]!.kind === 'river' || toSheetLine(centres[i]!.c) < 60) continue;
        if (best < 0 || Math.abs(centres[i]!.c - target) < Math.abs(centres[best]!.c - target)) best = i;
      }
      if (best >= 0) {
        centres[best]!.kind = 'river';
        centres[best]!.w = random.range(18, 26);
      }
    }
  }
  const corridors: Corridor[] = [];
  let roadNo = 0;
  let riverNo = 0;
  for (const cc of centres) {
    let centre: (u: number) => number;
    const knotsU: number[] = [0, W];
    if (cc.kind === 'river') {
      const waves = [0, 1, 2].map(() => ({
        a: random.range(2, 5),
        k: (2 * Math.PI) / random.range(300, 900),
        p: random.range(0, 2 * Math.PI),
      }));
      centre = (u) => cc.c + waves.reduce((s, w) => s + w.a * Math.sin(w.k * u + w.p), 0);
      const n = Math.max(2, Math.ceil(W / 10));
      knotsU.length = 0;
      for (let i = 0; i <= n; i++) knotsU.push(i === n ? W : (i * W) / n);
    } else {
      centre = () => cc.c;
    }
    const edge = (sign: number): PlanarLine => {
      const ids = knotsU.map((u, i) => {
        const v = centre(u) + (sign * cc.w) / 2;
        if (i === 0) return b.station(frameLeft, v, 0);
        if (i === knotsU.length - 1) return b.station(frameRight, v, 0);
        return b.addVertex(u, v);
      });
      return b.line(0, ids);
    };
    const south = edge(-1);
    const north = edge(1);
    corridors.push({ kind: cc.kind, south, north, width: cc.w, centre });
    const pts: Array<[number, number]> = [];
    const step = cc.kind === 'river' ? 10 : 25;
    const n = Math.max(1, Math.ceil(W / step));
    for (let i = 0; i <= n; i++) {
      const u = i === n ? W : (i * W) / n;
      pts.push([u, centre(u)]);
    }
    corridorsOut.push({
      kind: cc.kind,
      name: cc.kind === 'river' ? `Sông Mẫu${++riverNo > 1 ? ` ${riverNo}` : ''}` : `Đường liên thôn ${++roadNo}`,
      width: cc.w,
      points: pts,
    });
  }

  // Horizontal separators bottom to top: corridors and the horizontal sheet lines (exactly straight,
  // snap 0, so the frame of every sheet is a real line of the plan).
  const seps: Array<{ v: number; cor: Corridor | null; line: PlanarLine | null }> = corridors.map((cor) => ({
    v: V(cor.south.knots[0]!),
    cor,
    line: null,
  }));
  for (let r = 1; r < sheetRows; r++) {
    const v = r * cellH;
    seps.push({ v, cor: null, line: b.line(0, [b.station(frameLeft, v, 0), b.station(frameRight, v, 0)]) });
  }
  seps.sort((s1, s2) => s1.v - s2.v);

  // Bands between separators.
  const bands: Band[] = [];
  for (let j = 0; j <= seps.length; j++) {
    const below = j > 0 ? seps[j - 1]! : null;
    const above = j < seps.length ? seps[j]! : null;
    bands.push({
      bottom: below ? (below.cor ? below.cor.north : below.line!) : frameBottom,
      top: above ? (above.cor ? above.cor.south : above.line!) : frameTop,
      bottomKind: below?.cor ? below.cor.kind : 'edge',
      topKind: above?.cor ? above.cor.kind : 'edge',
      lanes: [],
    });
  }

  // Lanes and canals inside each band.
  let canalNo = 0;
  for (const band of bands) {
    let u = 0;
    let nextSheet = 1;
    /** The vertical sheet line at x through this band: one line shared by the blocks on both sides. */
    const sheetLane = (x: number): void => {
      const bs = b.station(band.bottom, x, 0);
      const ts = b.station(band.top, x, 0);
      const line = b.line(1, [bs, ts]);
      band.lanes.push({ west: line, east: line, bw: bs, be: bs, tw: ts, te: ts, sheet: true });
    };
    for (;;) {
      const bw = bMean * random.range(0.7, 1.3);
      const canal = random.chance(0.2);
      const lw = canal ? random.range(2, 3) : random.range(3, 4.5);
      if (W - (u + bw + lw) < 0.6 * bMean) break;
      let uw = u + bw;
      if (nextSheet < sheetCols) {
        // A lane near a vertical sheet line moves off it, towards the nearer side there is room on.
        const x = nextSheet * cellW;
        if (uw - SHEET_MARGIN < x && x < uw + lw + SHEET_MARGIN) {
          const left = x - SHEET_MARGIN - lw;
          uw = left - u >= SHEET_MARGIN && uw + lw - (x - SHEET_MARGIN) < x + SHEET_MARGIN - uw ? left : x + SHEET_MARGIN;
        }
        while (nextSheet < sheetCols && nextSheet * cellW < uw) sheetLane(nextSheet++ * cellW);
      }
      const ue = uw + lw;
      const bwv = b.station(band.bottom, uw, 0.6);
      const bev = b.station(band.bottom, ue, 0.6);
      const twv = b.station(band.top, uw, 0.6);
      const tev = b.station(band.top, ue, 0.6);
      const west = b.line(1, [bwv, twv]);
      const east = b.line(1, [bev, tev]);
      band.lanes.push({ west, east, bw: bwv, be: bev, tw: twv, te: tev });
      face(
        [
          { line: band.bottom, from: bwv, to: bev },
          { line: east, from: bev, to: tev },
          { line: band.top, from: tev, to: twv },
          { line: west, from: twv, to: bwv },
        ],
        canal ? 'canal' : 'lane',
        (uw + ue) / 2,
        (V(bwv) + V(twv)) / 2,
      );
      const um = (uw + ue) / 2;
      const v0 = (V(bwv) + V(bev)) / 2;
      const v1 = (V(twv) + V(tev)) / 2;
      const n = Math.max(1, Math.ceil((v1 - v0) / 25));
      corridorsOut.push({
        kind: canal ? 'canal' : 'lane',
        name: canal ? `Kênh N${++canalNo}` : 'Đường nội đồng',
        width: lw,
        points: Array.from({ length: n + 1 }, (_, i): [number, number] => [um, v0 + ((v1 - v0) * i) / n]),
      });
      u = U(bev);
    }
    while (nextSheet < sheetCols) sheetLane(nextSheet++ * cellW);
  }

  // Corridors cut into parcels: roads at lanes of the band below, rivers every 300–500 m, both at
  // every vertical sheet line.
  for (let j = 0; j < seps.length; j++) {
    const cor = seps[j]!.cor;
    if (!cor) continue;
    const lanesBelow = bands[j]!.lanes;
    const cuts: Array<{ line: PlanarLine; s: number; n: number }> = [
      { line: frameLeft, s: cor.south.knots[0]!, n: cor.north.knots[0]! },
    ];
    const addCut = (sv: number): void => {
      const nv = b.station(cor.north, U(sv), 0.6);
      cuts.push({ line: b.line(1, [sv, nv]), s: sv, n: nv });
    };
    let last = 0;
    const arbitraryUpTo = (limit: number): void => {
      const gap = cor.kind === 'river' ? 400 : 450;
      while (limit - last > gap + 150) {
        const u = last + random.range(gap - 100, gap + 100);
        addCut(b.station(cor.south, u, 0.6));
        last = U(cuts[cuts.length - 1]!.s);
      }
    };
    if (cor.kind === 'road') {
      for (const lane of lanesBelow) {
        const u = U(lane.tw);
        arbitraryUpTo(u);
        if (lane.sheet || (u - last >= 150 && nextSheetU(u) - u >= 100)) {
          addCut(lane.tw);
          last = u;
        }
      }
    } else {
      for (let c = 1; c < sheetCols; c++) {
        arbitraryUpTo(c * cellW);
        addCut(b.station(cor.south, c * cellW, 0));
        last = c * cellW;
      }
    }
    arbitraryUpTo(W);
    cuts.push({ line: frameRight, s: cor.south.knots[cor.south.knots.length - 1]!, n: cor.north.knots[cor.north.knots.length - 1]! });
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k]!;
      const c = cuts[k + 1]!;
      face(
        [
          { line: cor.south, from: a.s, to: c.s },
          { line: c.line, from: c.s, to: c.n },
          { line: cor.north, from: c.n, to: a.n },
          { line: a.line, from: a.n, to: a.s },
        ],
        cor.kind,
        (U(a.s) + U(c.s)) / 2,
        cor.centre((U(a.s) + U(c.s)) / 2),
      );
    }
  }

  // Blocks, and which road-facing sides carry houses.
  const blocks: Block[] = [];
  for (const band of bands) {
    const n = band.lanes.length;
    for (let k = 0; k <= n; k++) {
      const prev = k > 0 ? band.lanes[k - 1]! : null;
      const next = k < n ? band.lanes[k]! : null;
      blocks.push({
        band,
        west: prev ? prev.east : frameLeft,
        east: next ? next.west : frameRight,
        bl: prev ? prev.be : band.bottom.knots[0]!,
        tl: prev ? prev.te : band.top.knots[0]!,
        br: next ? next.bw : band.bottom.knots[band.bottom.knots.length - 1]!,
        tr: next ? next.tw : band.top.knots[band.top.knots.length - 1]!,
        stripTop: false,
        stripBottom: false,
      });
    }
  }
  let landArea = 0;
  const sides: Array<{ block: Block; top: boolean; width: number; vil: number }> = [];
  for (const blk of blocks) {
    const w = (U(blk.br) - U(blk.bl) + U(blk.tr) - U(blk.tl)) / 2;
    const h = (V(blk.tl) - V(blk.bl) + V(blk.tr) - V(blk.br)) / 2;
    landArea += w * h;
    if (blk.band.topKind === 'road') {
      sides.push({ block: blk, top: true, width: w, vil: influence((U(blk.tl) + U(blk.tr)) / 2, V(blk.tl)).vil });
    }
    if (blk.band.bottomKind === 'road') {
      sides.push({ block: blk, top: false, width: w, vil: influence((U(blk.bl) + U(blk.br)) / 2, V(blk.bl)).vil });
    }
  }
  // Lay houses along the most village-like sides until the expected count reaches the target,
  // then size the fields so the rest of the land brings the count to the target.
  sides.sort((a, b2) => b2.vil - a.vil);
  const target = req.targetParcels - corridorsOut.length;
  let resN = 0;
  let resA = 0;
  const estimate = (af: number): number => resN + (landArea - resA) / af;
  const minTotal = Math.floor(landArea / FIELD_MAX + corridorsOut.length);
  let allN = 0;
  let allA = 0;
  for (const s of sides) {
    allN += s.width / RES_FRONTAGE;
    allA += s.width * RES_DEPTH;
  }
  const maxTotal = Math.floor(allN + (landArea - allA) / FIELD_MIN + corridorsOut.length);
  if (target + corridorsOut.length < minTotal) throw new DensityError('sparse', minTotal, maxTotal);
  if (target + corridorsOut.length > maxTotal) throw new DensityError('dense', minTotal, maxTotal);
  for (const s of sides) {
    if (estimate(PREFERRED_FIELD) >= target) break;
    if (s.top) s.block.stripTop = true;
    else s.block.stripBottom = true;
    resN += s.width / RES_FRONTAGE;
    resA += s.width * RES_DEPTH;
  }
  const fieldArea =
    target - resN > 0 ? Math.min(FIELD_MAX, Math.max(FIELD_MIN, (landArea - resA) / (target - resN))) : FIELD_MAX;

  for (const blk of blocks) fillBlock(blk);

  return { builder: b, faces, villages, corridors: corridorsOut, fieldArea };

  /** Houses along the selected sides, fields in between. */
  function fillBlock(blk: Block): void {
    const hLeft = V(blk.tl) - V(blk.bl);
    const hRight = V(blk.tr) - V(blk.br);
    let hMin = Math.min(hLeft, hRight);
    for (const line of [blk.band.bottom, blk.band.top]) {
      // A meandering river bank can come closer than the corners say.
      if (line.knots.length > 2) hMin = Math.min(hMin, minGap(blk));
    }
    let top = blk.stripTop;
    let bottom = blk.stripBottom;
    const want = (): number => random.range(16, 28);
    let dTop = top ? want() : 0;
    let dBottom = bottom ? want() : 0;
    const strips = (top ? 1 : 0) + (bottom ? 1 : 0);
    if (strips > 0) {
      const dMax = (hMin - 30) / strips - 2.5;
      dTop = Math.min(dTop, dMax);
      dBottom = Math.min(dBottom, dMax);
      if (dMax < 14) {
        top = false;
        bottom = false;
      }
    }
    const nearRiver = blk.band.topKind === 'river' || blk.band.bottomKind === 'river';
    const sTop = top ? strip(blk, true, dTop) : null;
    const sBottom = bottom ? strip(blk, false, dBottom) : null;
    fields(
      blk,
      sBottom ? sBottom.rear : blk.band.bottom,
      sBottom ? sBottom.left : blk.bl,
      sBottom ? sBottom.right : blk.br,
      sTop ? sTop.rear : blk.band.top,
      sTop ? sTop.left : blk.tl,
      sTop ? sTop.right : blk.tr,
      nearRiver,
    );
  }

  function minGap(blk: Block): number {
    let m = Infinity;
    const u0 = Math.max(U(blk.bl), U(blk.tl));
    const u1 = Math.min(U(blk.br), U(blk.tr));
    for (let u = u0; u <= u1; u += 5) {
      m = Math.min(m, b.pointAt(blk.band.top, u)[1] - b.pointAt(blk.band.bottom, u)[1]);
    }
    return m;
  }

  function strip(blk: Block, top: boolean, depth: number): { rear: PlanarLine; left: number; right: number } {
    const front = top ? blk.band.top : blk.band.bottom;
    const fl = top ? blk.tl : blk.bl;
    const fr = top ? blk.tr : blk.br;
    const width = U(fr) - U(fl);
    const fmin = Math.max(4.2, 82 / (depth - 2.5));
    const fmax = Math.min(9.8, 295 / (depth + 2.5));
    let k = Math.max(1, Math.round(width / ((fmin + fmax) / 2)));
    const kLo = Math.ceil(width / fmax);
    const kHi = Math.floor(width / fmin);
    if (kLo <= kHi) k = Math.min(kHi, Math.max(kLo, k));
    let fronts: number[] | null = null;
    for (let attempt = 0; attempt < 20 && !fronts; attempt++) {
      const w = Array.from({ length: k }, () => random.range(0.7, 1.3));
      const sum = w.reduce((s, x) => s + x, 0);
      const f = w.map((x) => (width * x) / sum);
      if (f.every((x) => x >= fmin && x <= fmax)) fronts = f;
    }
    fronts ??= Array.from({ length: k }, () => width / k);
    const frontIds = [fl];
    let acc = U(fl);
    for (let i = 0; i < k - 1; i++) {
      acc += fronts[i]!;
      frontIds.push(b.station(front, acc, 0.6));
    }
    frontIds.push(fr);
    const a = frontIds.map(U);
    const sign = top ? -1 : 1;
    const d: number[] = [];
    let cur = depth + random.range(-2.5, 2.5);
    for (let i = 0; i <= k; i++) {
      d.push(cur);
      cur = Math.min(depth + 2.5, Math.max(depth - 2.5, cur + random.range(-1.5, 1.5)));
    }
    const tilt = random.range(-6, 6);
    const rear: number[] = [];
    for (let i = 0; i <= k; i++) {
      const vf = V(frontIds[i]!);
      if (i === 0) {
        rear.push(b.station(blk.west, vf + sign * d[i]!, 0.6));
        continue;
      }
      if (i === k) {
        rear.push(b.station(blk.east, vf + sign * d[i]!, 0.6));
        continue;
      }
      const cap = Math.max(0, Math.min(3, (a[i]! - a[i - 1]! - 2.5) / 2, (a[i + 1]! - a[i]! - 2.5) / 2));
      const s = d[i]! * Math.tan(((tilt + random.range(-2, 2)) * Math.PI) / 180);
      rear.push(b.addVertex(a[i]! + Math.max(-cap, Math.min(cap, s)), vf + sign * d[i]!));
    }
    const rearLine = b.line(0, rear);
    for (let i = 0; i < k; i++) {
      const spans: Span[] = top
        ? [
            i === 0 ? { line: blk.west, from: fl, to: rear[0]! } : { verts: [frontIds[i]!, rear[i]!] },
            { line: rearLine, from: rear[i]!, to: rear[i + 1]! },
            i === k - 1 ? { line: blk.east, from: rear[k]!, to: fr } : { verts: [rear[i + 1]!, frontIds[i + 1]!] },
            { line: front, from: frontIds[i + 1]!, to: frontIds[i]! },
          ]
        : [
            { line: front, from: frontIds[i]!, to: frontIds[i + 1]! },
            i === k - 1 ? { line: blk.east, from: fr, to: rear[k]! } : { verts: [frontIds[i + 1]!, rear[i + 1]!] },
            { line: rearLine, from: rear[i + 1]!, to: rear[i]! },
            i === 0 ? { line: blk.west, from: rear[0]!, to: fl } : { verts: [rear[i]!, frontIds[i]!] },
          ];
      face(spans, 'residential', (a[i]! + a[i + 1]!) / 2, V(frontIds[i]!) + (sign * d[i]!) / 2);
    }
    return { rear: rearLine, left: rear[0]!, right: rear[k]! };
  }

  function fields(
    blk: Block,
    lower: PlanarLine,
    lowerLeft: number,
    lowerRight: number,
    upper: PlanarLine,
    upperLeft: number,
    upperRight: number,
    nearRiver: boolean,
  ): void {
    const u0 = Math.max(U(lowerLeft), U(upperLeft));
    const u1 = Math.min(U(lowerRight), U(upperRight));
    const width = u1 - u0;
    const cwMean = Math.min(45, Math.max(15, 0.7 * Math.sqrt(fieldArea)));
    const kc = Math.max(1, Math.round(width / cwMean));
    const weights = Array.from({ length: kc }, () => random.range(0.75, 1.25));
    const wsum = weights.reduce((s, x) => s + x, 0);
    type Side = { line: PlanarLine; bottom: number; top: number };
    const dividers: Side[] = [];
    let acc = u0;
    let prevB = u0;
    let prevT = u0;
    for (let j = 0; j < kc - 1; j++) {
      acc += (width * weights[j]!) / wsum;
      const remaining = kc - 1 - j;
      const lo = (p: number): number => p + 6;
      const hi = u1 - 6 * remaining;
      const ub = Math.min(hi, Math.max(lo(prevB), acc + random.range(-1, 1)));
      const ut = Math.min(hi, Math.max(lo(prevT), ub + random.range(-2.5, 2.5)));
      if (ub > hi || ut > hi) break;
      const vb2 = b.station(lower, ub, 1.0);
      const vt2 = b.station(upper, ut, 1.0);
      dividers.push({ line: b.line(1, [vb2, vt2]), bottom: vb2, top: vt2 });
      prevB = U(vb2);
      prevT = U(vt2);
    }
    const columns = dividers.length + 1;
    for (let j = 0; j < columns; j++) {
      const west: Side = j === 0 ? { line: blk.west, bottom: lowerLeft, top: upperLeft } : dividers[j - 1]!;
      const east: Side = j === columns - 1 ? { line: blk.east, bottom: lowerRight, top: upperRight } : dividers[j]!;
      const hw = V(west.top) - V(west.bottom);
      const he = V(east.top) - V(east.bottom);
      const cw = (U(east.bottom) - U(west.bottom) + U(east.top) - U(west.top)) / 2;
      const area = (cw * (hw + he)) / 2;
      const want = Math.min(FIELD_MAX, Math.max(FIELD_MIN, fieldArea * random.range(0.75, 1.25)));
      let n = Math.round(area / want);
      n = Math.max(n, Math.ceil(area / FIELD_MAX));
      n = Math.min(n, Math.floor(area / FIELD_MIN), Math.floor(Math.min(hw, he) / 8));
      n = Math.max(1, n);
      const ws: number[] = [west.bottom];
      const es: number[] = [east.bottom];
      for (let m = 1; m < n; m++) {
        const fr = (m + random.range(-0.2, 0.2)) / n;
        const tw = V(west.bottom) + hw * fr;
        const te = V(east.bottom) + he * (fr + random.range(-0.03, 0.03));
        if (tw - V(ws[ws.length - 1]!) < 4 || V(west.top) - tw < 4) continue;
        if (te - V(es[es.length - 1]!) < 4 || V(east.top) - te < 4) continue;
        const sw = b.station(west.line, tw, 1.0);
        const se = b.station(east.line, te, 1.0);
        if (V(sw) - V(ws[ws.length - 1]!) < 3 || V(west.top) - V(sw) < 3) continue;
        if (V(se) - V(es[es.length - 1]!) < 3 || V(east.top) - V(se) < 3) continue;
        ws.push(sw);
        es.push(se);
      }
      ws.push(west.top);
      es.push(east.top);
      const nf = ws.length - 1;
      for (let m = 0; m < nf; m++) {
        face(
          [
            m === 0 ? { line: lower, from: west.bottom, to: east.bottom } : { verts: [ws[m]!, es[m]!] },
            { line: east.line, from: es[m]!, to: es[m + 1]! },
            m === nf - 1 ? { line: upper, from: east.top, to: west.top } : { verts: [es[m + 1]!, ws[m + 1]!] },
            { line: west.line, from: ws[m + 1]!, to: ws[m]! },
          ],
          'field',
          (U(ws[m]!) + U(es[m]!)) / 2,
          (V(ws[m]!) + V(ws[m + 1]!) + V(es[m]!) + V(es[m + 1]!)) / 4,
          nearRiver,
        );
      }
    }
  }
}
