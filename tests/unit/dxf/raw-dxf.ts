/**
 * Group-pair DXF for reader tests that need what the shared fixture writer
 * (tests/fixtures/dxf-writer.ts) does not write: arcs, circles, bulges, points, blocks and
 * inserts, extrusion directions, arbitrary header variables. Values are written as given.
 */
export type Pair = [number, string | number];

export interface RawDxf {
  header?: Pair[];
  layers?: string[];
  blocks?: Array<{ name: string; base?: [number, number]; flags?: number; entities: Pair[] }>;
  entities: Pair[];
  eol?: string;
}

export function rawDxf(d: RawDxf): string {
  const out: Pair[] = [];
  out.push([0, 'SECTION'], [2, 'HEADER'], ...(d.header ?? [[9, '$ACADVER'], [1, 'AC1015']]), [0, 'ENDSEC']);
  if (d.layers) {
    out.push([0, 'SECTION'], [2, 'TABLES'], [0, 'TABLE'], [2, 'LAYER'], [70, d.layers.length]);
    for (const l of d.layers) out.push([0, 'LAYER'], [2, l], [70, 0], [62, 7], [6, 'CONTINUOUS']);
    out.push([0, 'ENDTAB'], [0, 'ENDSEC']);
  }
  if (d.blocks) {
    out.push([0, 'SECTION'], [2, 'BLOCKS']);
    for (const b of d.blocks) {
      out.push([0, 'BLOCK'], [8, '0'], [2, b.name], [70, b.flags ?? 0], [10, b.base?.[0] ?? 0], [20, b.base?.[1] ?? 0], [30, 0], [3, b.name]);
      out.push(...b.entities, [0, 'ENDBLK'], [8, '0']);
    }
    out.push([0, 'ENDSEC']);
  }
  out.push([0, 'SECTION'], [2, 'ENTITIES'], ...d.entities, [0, 'ENDSEC'], [0, 'EOF']);
  const eol = d.eol ?? '\n';
  return out.map(([c, v]) => `${String(c).padStart(3)}${eol}${v}`).join(eol) + eol;
}

/** Entity helpers (layer first). */
export const E = {
  line: (layer: string, a: [number, number], b: [number, number]): Pair[] => [
    [0, 'LINE'], [8, layer], [10, a[0]], [20, a[1]], [30, 0], [11, b[0]], [21, b[1]], [31, 0],
  ],
  arc: (layer: string, c: [number, number], r: number, start: number, end: number): Pair[] => [
    [0, 'ARC'], [8, layer], [10, c[0]], [20, c[1]], [30, 0], [40, r], [50, start], [51, end],
  ],
  circle: (layer: string, c: [number, number], r: number): Pair[] => [
    [0, 'CIRCLE'], [8, layer], [10, c[0]], [20, c[1]], [30, 0], [40, r],
  ],
  point: (layer: string, p: [number, number]): Pair[] => [[0, 'POINT'], [8, layer], [10, p[0]], [20, p[1]], [30, 0]],
  /** Vertices as [x, y] or [x, y, bulge]. */
  lwpolyline: (layer: string, verts: number[][], closed = false): Pair[] => [
    [0, 'LWPOLYLINE'], [8, layer], [100, 'AcDbPolyline'], [90, verts.length], [70, closed ? 1 : 0],
    ...verts.flatMap((v): Pair[] => (v[2] ? [[10, v[0]!], [20, v[1]!], [42, v[2]]] : [[10, v[0]!], [20, v[1]!]])),
  ],
  /** POLYLINE + VERTEX + SEQEND; vertices as [x, y, z?]; flags 1 closed, 8 3D. */
  polyline: (layer: string, verts: number[][], flags = 0): Pair[] => [
    [0, 'POLYLINE'], [8, layer], [66, 1], [10, 0], [20, 0], [30, 0], [70, flags],
    ...verts.flatMap((v): Pair[] => [[0, 'VERTEX'], [8, layer], [10, v[0]!], [20, v[1]!], [30, v[2] ?? 0], [70, flags & 8 ? 32 : 0]]),
    [0, 'SEQEND'], [8, layer],
  ],
  text: (layer: string, p: [number, number], text: string, height = 1, rotation = 0): Pair[] => [
    [0, 'TEXT'], [8, layer], [10, p[0]], [20, p[1]], [30, 0], [40, height], [1, text], [50, rotation],
  ],
  mtext: (layer: string, p: [number, number], text: string, height = 1): Pair[] => [
    [0, 'MTEXT'], [8, layer], [10, p[0]], [20, p[1]], [30, 0], [40, height], [1, text],
  ],
  insert: (layer: string, block: string, p: [number, number], opts: { sx?: number; sy?: number; rot?: number } = {}): Pair[] => [
    [0, 'INSERT'], [8, layer], [2, block], [10, p[0]], [20, p[1]], [30, 0],
    [41, opts.sx ?? 1], [42, opts.sy ?? 1], [43, 1], [50, opts.rot ?? 0],
  ],
};
