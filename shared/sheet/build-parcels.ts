/**
 * Building parcels from a drawn sheet ("tạo vùng / topology" in Famis and gCadas): the boundary
 * lines are noded and polygonised into faces, and every face takes the texts inside it — the
 * parcel number (label), the land type and the area. Whatever does not fit is a finding with a
 * stable rule id, a location and the geometry involved, so the technician can fix the drawing:
 *
 * | rule                  | severity | what                                                                  |
 * |-----------------------|----------|-----------------------------------------------------------------------|
 * | `unlabeled-face`      | error    | a face with no parcel-number label                                    |
 * | `multi-label`         | error    | a face with several parcel-number labels                              |
 * | `orphan-label`        | error    | a parcel-number label outside every face                              |
 * | `dangle`              | warning  | a free line end: trimmed overshoot / joined undershoot (within the tolerance), or left free |
 * | `duplicate-line`      | warning  | boundary drawn twice (the copy is ignored)                            |
 * | `label-area-mismatch` | warning  | the area text differs from the computed area beyond the tolerance     |
 *
 * See docs/dgn.md "Building parcels".
 */
import Flatbush from 'flatbush';
import type { Geometry, PolygonCoords, PolygonGeometry, Position } from '../geo/geometry.js';
import { interiorPoint } from '../topology/regions.js';
import { buildFaces, faceWinding, facePolygon, type LineFaces } from './faces.js';
import { readSheetFrame } from './frame-text.js';
import { nodeLinework } from './line-noding.js';
import { DEFAULT_SNAP_TOLERANCE, snapToleranceForScale } from './snap-tolerance.js';

/** Level (DGN, a number) or layer (DXF, a name). */
export type SheetLevel = number | string;

/** A line of the drawing as building reads it. */
export interface BuildLine {
  level: SheetLevel;
  /** Vertices [x, y] (a z is ignored). */
  points: ReadonlyArray<readonly number[]>;
  /** A shape: the last vertex joins the first. */
  closed?: boolean;
  /** Element number in the source file (for findings); the line's index when absent. */
  element?: number;
}

/** A text of the drawing as building reads it. */
export interface BuildText {
  level: SheetLevel;
  text: string;
  x: number;
  y: number;
  element?: number;
}

export interface BuildDrawing {
  lines: readonly BuildLine[];
  texts: readonly BuildText[];
}

/** What a level takes part in when building parcels. */
export type BuildRole = 'boundary' | 'label' | 'parcelNo' | 'landType' | 'area' | 'frame';

/** Role of a level, or null/undefined when building ignores it. */
export type RoleOf = (level: SheetLevel) => string | null | undefined;

export const BUILD_RULES = ['unlabeled-face', 'multi-label', 'orphan-label', 'dangle', 'duplicate-line', 'label-area-mismatch'] as const;
export type BuildRuleId = (typeof BUILD_RULES)[number];

export interface BuildFinding {
  /** Stable id: rule, sheet and location to the centimetre (same drawing → same id). */
  id: string;
  rule: BuildRuleId;
  severity: 'error' | 'warning' | 'info';
  x: number;
  y: number;
  geometry?: Geometry;
  levels?: SheetLevel[];
  /** Element numbers of the lines/texts involved. */
  elements?: number[];
  detail: Record<string, string | number>;
}

export interface BuiltParcel {
  geometry: PolygonGeometry;
  /** From the parcel-number label; null for an unlabeled face. */
  parcelNo: string | null;
  landType: string | null;
  /** The area text as drawn, and its value (NaN when absent or unreadable). */
  areaText: string | null;
  areaValue: number;
  /** Computed area, m². */
  area: number;
  /** Where the label stands (a point inside the face when unlabeled). */
  labelPoint: Position;
  labeled: boolean;
}

export interface BuildParcelsOptions {
  /** Snapping tolerance, metres. Default: from `scale`, else from the frame's scale, else 0.05. */
  tolerance?: number;
  /** Map scale denominator (1000 for 1:1000). */
  scale?: number;
  /** Sheet number for finding ids when the frame does not give one. */
  sheetNo?: string;
  /** Allowed difference between area text and computed area. */
  areaTolerance?: { absolute?: number; relative?: number };
  checkpoint?: (step: string) => void;
}

export interface BuildStats {
  lines: number;
  vertices: number;
  texts: number;
  nodes: number;
  edges: number;
  faces: number;
  parcels: number;
  labeled: number;
  labels: number;
  tolerance: number;
  sheetNo: string | null;
  /** Where sheetNo came from. */
  sheetSource: 'frame' | 'option' | null;
  scale: number | null;
  findings: Partial<Record<BuildRuleId, number>>;
}

export interface BuildResult {
  parcels: BuiltParcel[];
  findings: BuildFinding[];
  stats: BuildStats;
}

/** Default area-text tolerance: 0.1 m² or 0.1 %, whichever is larger (plus half a unit of the last written digit). */
export const DEFAULT_AREA_TOLERANCE = { absolute: 0.1, relative: 0.001 };

const SEVERITY: Record<BuildRuleId, BuildFinding['severity']> = {
  'unlabeled-face': 'error',
  'multi-label': 'error',
  'orphan-label': 'error',
  dangle: 'warning',
  'duplicate-line': 'warning',
  'label-area-mismatch': 'warning',
};

/**
 * Reads an area text: "123.4", "123,4", "1.234,5", "S=123.4 m2". A comma alone is the decimal
 * mark (Vietnamese usage); with both marks, the last one is. NaN when no number is found.
 */
export function parseAreaText(text: string): { value: number; halfUnit: number } {
  const m = /\d[\d.,]*/.exec(text.replace(/\s+/g, ''));
  if (!m) return { value: NaN, halfUnit: 0 };
  let s = m[0].replace(/[.,]+$/, '');
  const lastDot = s.lastIndexOf('.'), lastComma = s.lastIndexOf(',');
  const dec = Math.max(lastDot, lastComma);
  let decimals = 0;
  if (dec >= 0) {
    const intPart = s.slice(0, dec).replace(/[.,]/g, '');
    const frac = s.slice(dec + 1);
    decimals = frac.length;
    s = `${intPart}.${frac}`;
  }
  const value = Number(s);
  return { value, halfUnit: 0.5 * 10 ** -decimals };
}

/** Builds the parcels of one sheet drawing. */
export function buildParcels(drawing: BuildDrawing, roleOf: RoleOf, options: BuildParcelsOptions = {}): BuildResult {
  const checkpoint = options.checkpoint ?? (() => undefined);
  const areaTol = { ...DEFAULT_AREA_TOLERANCE, ...(options.areaTolerance ?? {}) };

  // Roles, once per distinct level.
  const roleCache = new Map<SheetLevel, string | null>();
  const role = (level: SheetLevel): string | null => {
    let r = roleCache.get(level);
    if (r === undefined) {
      r = roleOf(level) ?? null;
      roleCache.set(level, r);
    }
    return r;
  };

  // Frame: sheet number and scale.
  const frameTexts = drawing.texts.filter((t) => role(t.level) === 'frame').map((t) => t.text);
  const frame = readSheetFrame(frameTexts);
  const sheetNo = frame.sheetNo ?? options.sheetNo ?? null;
  const sheetSource = frame.sheetNo ? 'frame' : options.sheetNo ? 'option' : null;
  const scale = options.scale ?? frame.scale ?? null;
  const tolerance =
    options.tolerance !== undefined && Number.isFinite(options.tolerance) && options.tolerance >= 0
      ? options.tolerance
      : scale
        ? snapToleranceForScale(scale)
        : DEFAULT_SNAP_TOLERANCE;

  // Boundary lines into flat arrays.
  const boundary: number[] = [];
  let nv = 0;
  drawing.lines.forEach((l, i) => {
    if (role(l.level) !== 'boundary' || l.points.length < 2) return;
    boundary.push(i);
    nv += l.points.length + (l.closed ? 1 : 0);
  });
  const lineStart = new Uint32Array(boundary.length + 1);
  const coords = new Float64Array(nv * 2);
  let k = 0;
  boundary.forEach((li, j) => {
    const l = drawing.lines[li];
    lineStart[j] = k;
    for (const p of l.points) {
      coords[2 * k] = p[0];
      coords[2 * k + 1] = p[1];
      k++;
    }
    if (l.closed) {
      const p = l.points[0];
      const q = l.points[l.points.length - 1];
      if (p[0] !== q[0] || p[1] !== q[1]) {
        coords[2 * k] = p[0];
        coords[2 * k + 1] = p[1];
        k++;
      }
    }
  });
  lineStart[boundary.length] = k;
  const lineElement = (j: number): number => drawing.lines[boundary[j]].element ?? boundary[j];
  const lineLevel = (j: number): SheetLevel => drawing.lines[boundary[j]].level;

  const noded = nodeLinework({ lineStart, coords: coords.subarray(0, 2 * k) }, { tolerance, checkpoint });
  checkpoint('noded');
  const faces = buildFaces(noded);
  checkpoint('faces');

  const findings: BuildFinding[] = [];
  const ids = new Map<string, number>();
  const report = (f: Omit<BuildFinding, 'id' | 'severity'>): void => {
    const base = `${f.rule}:${sheetNo ?? ''}:${Math.round(f.x * 100)}:${Math.round(f.y * 100)}`;
    const n = ids.get(base) ?? 0;
    ids.set(base, n + 1);
    findings.push({ id: n === 0 ? base : `${base}#${n + 1}`, severity: SEVERITY[f.rule], ...f });
  };

  // Line findings.
  for (const ev of noded.freeEnds) {
    const levels = [lineLevel(ev.line)];
    const elements = [lineElement(ev.line)];
    if (ev.otherLine >= 0 && ev.otherLine !== ev.line) {
      elements.push(lineElement(ev.otherLine));
      if (!levels.includes(lineLevel(ev.otherLine))) levels.push(lineLevel(ev.otherLine));
    }
    report({
      rule: 'dangle',
      x: ev.x,
      y: ev.y,
      geometry: ev.path.length >= 2 ? { type: 'LineString', coordinates: ev.path } : { type: 'Point', coordinates: [ev.x, ev.y] },
      levels,
      elements,
      detail: { kind: ev.kind, length: round(ev.distance, 4), fixed: ev.kind === 'overshoot' || ev.kind === 'undershoot' ? 1 : 0 },
    });
  }
  const dupGroups = new Map<string, { a: number; b: number; parts: Position[][]; length: number }>();
  for (const d of noded.duplicates) {
    const a = Math.min(d.lineA, d.lineB), b = Math.max(d.lineA, d.lineB);
    const key = `${a}:${b}`;
    let g = dupGroups.get(key);
    if (!g) dupGroups.set(key, (g = { a, b, parts: [], length: 0 }));
    g.parts.push([[d.x1, d.y1], [d.x2, d.y2]]);
    g.length += Math.hypot(d.x2 - d.x1, d.y2 - d.y1);
  }
  for (const g of dupGroups.values()) {
    const p = g.parts[0];
    const levels = [lineLevel(g.a)];
    if (lineLevel(g.b) !== levels[0]) levels.push(lineLevel(g.b));
    report({
      rule: 'duplicate-line',
      x: (p[0][0] + p[1][0]) / 2,
      y: (p[0][1] + p[1][1]) / 2,
      geometry: g.parts.length === 1 ? { type: 'LineString', coordinates: p } : { type: 'MultiLineString', coordinates: g.parts },
      levels,
      elements: g.a === g.b ? [lineElement(g.a)] : [lineElement(g.a), lineElement(g.b)],
      detail: { length: round(g.length, 4), segments: g.parts.length },
    });
  }

  // Texts into faces.
  const F = faces.faceCount;
  const index = F > 0 ? new Flatbush(F) : null;
  if (index) {
    for (let f = 0; f < F; f++) index.add(faces.faceBox[4 * f], faces.faceBox[4 * f + 1], faces.faceBox[4 * f + 2], faces.faceBox[4 * f + 3]);
    index.finish();
  }
  const locate = (x: number, y: number): number => locateFace(faces, index, x, y);
  const numbers: number[][] = Array.from({ length: F }, () => []);
  const labelsOnly: number[][] = Array.from({ length: F }, () => []);
  const landTypes: number[][] = Array.from({ length: F }, () => []);
  const areas: number[][] = Array.from({ length: F }, () => []);
  let labelCount = 0;
  drawing.texts.forEach((t, i) => {
    const r = role(t.level);
    if (r !== 'parcelNo' && r !== 'label' && r !== 'landType' && r !== 'area') return;
    if (!Number.isFinite(t.x) || !Number.isFinite(t.y)) return;
    const text = t.text.trim();
    if (text === '') return;
    const f = locate(t.x, t.y);
    if (r === 'parcelNo' || r === 'label') {
      labelCount++;
      if (f === -1) {
        report({
          rule: 'orphan-label',
          x: t.x,
          y: t.y,
          geometry: { type: 'Point', coordinates: [t.x, t.y] },
          levels: [t.level],
          elements: [t.element ?? i],
          detail: { text },
        });
        return;
      }
      (r === 'parcelNo' ? numbers : labelsOnly)[f].push(i);
    } else if (f !== -1) (r === 'landType' ? landTypes : areas)[f].push(i);
  });
  checkpoint('labels');

  // Parcels.
  const parcels: BuiltParcel[] = [];
  const nearest = (list: number[], x: number, y: number): number => {
    let best = list[0], bd = Infinity;
    for (const i of list) {
      const t = drawing.texts[i];
      const d = (t.x - x) ** 2 + (t.y - y) ** 2;
      if (d < bd) (bd = d), (best = i);
    }
    return best;
  };
  for (let f = 0; f < F; f++) {
    // Number texts (parcelNo role) name the parcel; label-role texts do when the face has none.
    const named = numbers[f].length > 0 ? numbers[f] : labelsOnly[f];
    const rings: PolygonCoords = facePolygon(faces, f);
    const geometry: PolygonGeometry = { type: 'Polygon', coordinates: rings };
    const area = faces.faceArea[f];
    let labelPoint: Position;
    let parcelNo: string | null = null;
    if (named.length === 0) {
      labelPoint = interiorPoint(rings);
      report({ rule: 'unlabeled-face', x: labelPoint[0], y: labelPoint[1], geometry, detail: { area: round(area, 4) } });
    } else {
      const t0 = drawing.texts[named[0]];
      labelPoint = [t0.x, t0.y];
      parcelNo = t0.text.trim();
      if (named.length > 1) {
        const texts = named.map((i) => drawing.texts[i]);
        report({
          rule: 'multi-label',
          x: t0.x,
          y: t0.y,
          geometry,
          levels: [...new Set(texts.map((t) => t.level))],
          elements: named.map((i) => drawing.texts[i].element ?? i),
          detail: { labels: texts.map((t) => t.text.trim()).join(', '), count: named.length, area: round(area, 4) },
        });
      }
    }
    const lt = landTypes[f].length ? drawing.texts[nearest(landTypes[f], labelPoint[0], labelPoint[1])] : null;
    const at = areas[f].length ? drawing.texts[nearest(areas[f], labelPoint[0], labelPoint[1])] : null;
    let areaValue = NaN;
    if (at) {
      const parsed = parseAreaText(at.text);
      areaValue = parsed.value;
      if (Number.isFinite(parsed.value)) {
        const allowed = Math.max(areaTol.absolute, areaTol.relative * parsed.value) + parsed.halfUnit;
        const diff = area - parsed.value;
        if (Math.abs(diff) > allowed) {
          report({
            rule: 'label-area-mismatch',
            x: at.x,
            y: at.y,
            geometry,
            levels: [at.level],
            elements: [at.element ?? drawing.texts.indexOf(at)],
            detail: { parcelNo: parcelNo ?? '', text: at.text.trim(), stated: parsed.value, computed: round(area, 4), difference: round(diff, 4), allowed: round(allowed, 4) },
          });
        }
      }
    }
    parcels.push({
      geometry,
      parcelNo,
      landType: lt ? lt.text.trim() : null,
      areaText: at ? at.text.trim() : null,
      areaValue,
      area,
      labelPoint,
      labeled: named.length > 0,
    });
  }
  checkpoint('parcels');

  const counts: Partial<Record<BuildRuleId, number>> = {};
  for (const f of findings) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
  let edges = 0;
  for (let e = 0; e < noded.edgeCount; e++) if (faces.edgeUsed[e]) edges++;
  return {
    parcels,
    findings,
    stats: {
      lines: boundary.length,
      vertices: k,
      texts: drawing.texts.length,
      nodes: noded.nodeCount,
      edges,
      faces: F,
      parcels: parcels.length,
      labeled: parcels.filter((p) => p.labeled).length,
      labels: labelCount,
      tolerance,
      sheetNo,
      sheetSource,
      scale,
      findings: counts,
    },
  };
}

/** The face containing (x, y): the smallest face whose outline winds around the point; -1 = none. */
function locateFace(faces: LineFaces, index: Flatbush | null, x: number, y: number): number {
  if (!index) return -1;
  let best = -1;
  for (const f of index.search(x, y, x, y)) {
    if (best !== -1 && faces.cycleArea[faces.faceCycle[f]] >= faces.cycleArea[faces.faceCycle[best]]) continue;
    if (faceWinding(faces, f, x, y) !== 0) best = f;
  }
  // A point in a hole of the smallest outline lies in no face of this sheet.
  if (best !== -1) {
    for (const c of faces.faceHoles[best]) {
      if (holeContains(faces, c, x, y)) return -1;
    }
  }
  return best;
}

function holeContains(faces: LineFaces, c: number, x: number, y: number): boolean {
  const { edgeA, edgeB, nodeX, nodeY } = faces.noded;
  let w = 0;
  const h0 = faces.cycleStart[c];
  let h = h0;
  do {
    const e = h >> 1;
    const u = h & 1 ? edgeB[e] : edgeA[e], v = h & 1 ? edgeA[e] : edgeB[e];
    const x1 = nodeX[u], y1 = nodeY[u], x2 = nodeX[v], y2 = nodeY[v];
    if (y1 <= y) {
      if (y2 > y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) > 0) w++;
    } else if (y2 <= y && (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1) < 0) w--;
    h = faces.heNext[h];
  } while (h !== h0);
  return w !== 0;
}

function round(v: number, digits: number): number {
  const m = 10 ** digits;
  return Math.round(v * m) / m;
}
