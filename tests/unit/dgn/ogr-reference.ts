/**
 * GDAL as the reference reader: run `ogrinfo` on a DGN file and parse the features it prints,
 * and flatten our reader's elements into the same feature list (GDAL reports every component
 * of a cell or text node as a feature of its own, and a complex chain/shape as one feature).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { DgnElement, DgnPoint } from '../../../shared/dgn/index.js';

export interface RefFeature {
  fid: number;
  type: number;
  level: number;
  graphicGroup: number;
  color: number;
  weight: number;
  style: number;
  /** Text field as bytes read as Latin-1 (ogrinfo prints the stored bytes unchanged). */
  text?: string;
  geom: RefGeometry;
}

export type RefGeometry =
  | { kind: 'point'; coords: number[] }
  | { kind: 'line'; coords: number[][] }
  | { kind: 'polygon'; coords: number[][][] }
  | { kind: 'multiline'; coords: number[][][] };

export function hasOgrinfo(): boolean {
  const r = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

function parseCoords(s: string): number[][] {
  return s.split(',').map((p) => p.trim().split(/\s+/).map(Number));
}

function parseGroups(s: string): number[][][] {
  // "(a b,c d),(e f,...)" → rings
  const out: number[][][] = [];
  const re = /\(([^()]*)\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(parseCoords(m[1]!));
  return out;
}

export function parseWkt(wkt: string): RefGeometry {
  const m = /^(POINT|LINESTRING|POLYGON|MULTILINESTRING)( Z)?\s*(.*)$/.exec(wkt.trim());
  if (!m) throw new Error(`unexpected geometry from ogrinfo: ${wkt.slice(0, 80)}`);
  const body = m[3]!.trim();
  const empty = body === 'EMPTY';
  switch (m[1]) {
    case 'POINT':
      return { kind: 'point', coords: empty ? [] : parseCoords(body.slice(1, -1))[0]! };
    case 'LINESTRING':
      return { kind: 'line', coords: empty ? [] : parseCoords(body.slice(1, -1)) };
    case 'POLYGON':
      return { kind: 'polygon', coords: empty ? [] : parseGroups(body.slice(1, -1)) };
    default:
      return { kind: 'multiline', coords: empty ? [] : parseGroups(body.slice(1, -1)) };
  }
}

/** Features as `ogrinfo -al -geom=ISO_WKT` prints them. */
export function ogrFeatures(file: string): RefFeature[] {
  const out = execFileSync('ogrinfo', ['-ro', '-al', '-q', '-geom=ISO_WKT', file], {
    maxBuffer: 1 << 30,
  }).toString('latin1');
  const features: RefFeature[] = [];
  let cur: Partial<RefFeature> | undefined;
  const int = (line: string) => Number(line.slice(line.indexOf('=') + 2));
  for (const line of out.split('\n')) {
    const head = /^OGRFeature\([^)]*\):(\d+)$/.exec(line);
    if (head) {
      cur = { fid: Number(head[1]) };
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('  Type (Integer) = ')) cur.type = int(line);
    else if (line.startsWith('  Level (Integer) = ')) cur.level = int(line);
    else if (line.startsWith('  GraphicGroup (Integer) = ')) cur.graphicGroup = int(line);
    else if (line.startsWith('  ColorIndex (Integer) = ')) cur.color = int(line);
    else if (line.startsWith('  Weight (Integer) = ')) cur.weight = int(line);
    else if (line.startsWith('  Style (Integer) = ')) cur.style = int(line);
    else if (line.startsWith('  Text (String) = ')) cur.text = line.slice('  Text (String) = '.length);
    else if (/^  (POINT|LINESTRING|POLYGON|MULTILINESTRING)/.test(line)) {
      cur.geom = parseWkt(line);
      features.push(cur as RefFeature);
      cur = undefined;
    }
  }
  return features;
}

export interface OurFeature {
  el: DgnElement;
  geom: RefGeometry;
}

const flat = (pts: DgnPoint[]): number[][] => pts.map((p) => [...p]);

/** Our elements as GDAL would list them. */
export function asOgrFeatures(elements: DgnElement[]): OurFeature[] {
  const out: OurFeature[] = [];
  const visit = (el: DgnElement): void => {
    switch (el.kind) {
      case 'cell':
      case 'text-node':
        el.children?.forEach(visit);
        return;
      case 'complex-chain':
        out.push({ el, geom: { kind: 'multiline', coords: (el.parts ?? []).map(flat) } });
        return;
      case 'complex-shape':
        out.push({ el, geom: { kind: 'polygon', coords: (el.rings ?? []).map(flat) } });
        return;
      case 'text':
        out.push({ el, geom: { kind: 'point', coords: [...el.origin!] } });
        return;
      case 'shape':
        out.push({ el, geom: { kind: 'polygon', coords: [flat(el.points!)] } });
        return;
      default:
        if (el.points) out.push({ el, geom: { kind: 'line', coords: flat(el.points) } });
        else if (el.parts) out.push({ el, geom: { kind: 'multiline', coords: el.parts.map(flat) } });
    }
  };
  elements.forEach(visit);
  return out;
}

/** Largest coordinate difference between two geometries, or Infinity when their shapes differ. */
export function maxCoordDiff(a: RefGeometry, b: RefGeometry): number {
  if (a.kind !== b.kind) return Infinity;
  const A = JSON.stringify(shape(a.coords));
  const B = JSON.stringify(shape(b.coords));
  if (A !== B) return Infinity;
  const fa = (a.coords as unknown[]).flat(3) as number[];
  const fb = (b.coords as unknown[]).flat(3) as number[];
  let d = 0;
  for (let i = 0; i < fa.length; i++) d = Math.max(d, Math.abs(fa[i]! - fb[i]!));
  return d;
}

function shape(c: unknown): unknown {
  return Array.isArray(c) ? (typeof c[0] === 'number' ? c.length : c.map(shape)) : 0;
}
