import type { TextEncodingName } from '../encoding/index.js';

/**
 * What the DGN V7 reader returns. Coordinates are in master units (the unit named in the file
 * header, usually metres), after the global origin is applied — the values `ogrinfo` prints.
 */

/** A vertex: [x, y] in 2D files, [x, y, z] in 3D files. */
export type DgnPoint = [number, number] | [number, number, number];

/** How the reader classifies an element. */
export type DgnKind =
  | 'line' // type 3
  | 'linestring' // type 4
  | 'shape' // type 6, closed
  | 'curve' // type 11, stroked to a line string
  | 'text-node' // type 7, a group of text elements
  | 'text' // type 17
  | 'arc' // type 16, stroked
  | 'ellipse' // type 15, stroked (closed)
  | 'cell' // type 2, a group of component elements
  | 'complex-chain' // type 12, a chain of component lines/arcs
  | 'complex-shape' // type 14, a closed chain of component lines/arcs
  | 'other'; // anything else (kept so element numbers stay those of the file)

/** One element of the design file (a top-level element, or a component of a complex one). */
export interface DgnElement {
  /** Position of the element in the file, counting from 0 (GDAL's feature id). */
  index: number;
  /** Byte offset of the element in the file. */
  offset: number;
  /** Element type number (0-127). */
  type: number;
  /** Level 0-63 (famis levels are 1-63). */
  level: number;
  deleted: boolean;
  /** Set on components of complex elements (cells, chains, shapes, text nodes). */
  complex: boolean;
  /** Colour index 0-255 into the file's colour table. */
  color: number;
  /** Line weight 0-31. */
  weight: number;
  /** Line style 0-7 (0 solid, 1 dotted, 2 medium dash, 3 long dash, 4 dot-dash, 5 short dash, 6 dash double-dot, 7 long dash-short dash). */
  style: number;
  graphicGroup: number;
  /** The display header's properties word (bit 15 = hole, bit 11 = attributes present). */
  properties: number;
  kind: DgnKind;
  /** Vertices: of the line, line string, shape, curve (stroked), arc or ellipse (stroked), or complex shape's outer ring. */
  points?: DgnPoint[];
  /** Complex shape: the rings assembled from the components, outer (largest) ring first. */
  rings?: DgnPoint[][];
  /** Complex chain: one vertex list per component line (what GDAL reports as a MULTILINESTRING). */
  parts?: DgnPoint[][];
  /** Text and text nodes: insertion point. Cells: cell origin. Arcs and ellipses: centre. */
  origin?: DgnPoint;
  /** Text content, decoded (see textEncoding). */
  text?: string;
  /** How `text` was decoded: 'utf-16le' for multi-byte text, else the file's 8-bit encoding. */
  textEncoding?: TextEncodingName | 'utf-16le';
  /** The stored text bytes before decoding (8-bit text only); a view into the file bytes. */
  textBytes?: Uint8Array;
  /** Text height in master units. */
  height?: number;
  /** Text width (length multiplier) in master units. */
  width?: number;
  /** Font number. */
  font?: number;
  /** Justification code (0 left-top … 14 right-bottom, per MicroStation). */
  justification?: number;
  /** Rotation in degrees counter-clockwise (text, text nodes, arcs, ellipses, cells). In 3D files, the rotation about Z taken from the quaternion. */
  rotation?: number;
  /** Arcs and ellipses: semi-axes in master units and angles in degrees. */
  primaryAxis?: number;
  secondaryAxis?: number;
  startAngle?: number;
  sweepAngle?: number;
  /** Cells: Radix-50 name. */
  name?: string;
  /** Components of cells, complex chains/shapes and text nodes, in file order. */
  children?: DgnElement[];
}

/** Units from the file header (TCB). */
export interface DgnUnits {
  /** Master unit name as stored (2 characters, e.g. "m"). */
  masterName: string;
  /** Sub unit name as stored (e.g. "mm"). */
  subName: string;
  subPerMaster: number;
  uorPerSub: number;
  /** Master units per unit of resolution: 1 / (uorPerSub * subPerMaster), or 1 when the header has zeros. */
  scale: number;
  /** Global origin in master units; it is subtracted from every scaled coordinate. */
  origin: [number, number, number];
}

export interface DgnCounts {
  /** Top-level, non-deleted elements that the reader returns, by level. */
  byLevel: Record<number, number>;
  /** The same, by element type. */
  byType: Record<number, number>;
  /** Every element record in the file, including the header, deleted ones and components. */
  records: number;
  /** Deleted element records. */
  deleted: number;
}

export interface DgnFile {
  dimension: 2 | 3;
  units: DgnUnits;
  /** Top-level elements in file order; components are in `children`. */
  elements: DgnElement[];
  counts: DgnCounts;
  /** Encoding used for 8-bit text (detected from all texts of the file, or given in the options). */
  textEncoding: TextEncodingName;
  /** How sure the detection is, 0-1 (1 for plain ASCII or a forced encoding). */
  textEncodingConfidence: number;
  /** Bounding box of all returned geometry [minX, minY, maxX, maxY], or undefined when empty. */
  bounds?: [number, number, number, number];
}

export interface DgnReadOptions {
  /** File name for error messages. */
  fileName?: string;
  /** Also return deleted elements (flagged `deleted`). Default false, like GDAL. */
  includeDeleted?: boolean;
  /** Also return non-graphic elements (file header, level symbology, type 0…). Default false. */
  includeNonGraphic?: boolean;
  /** Force the 8-bit text encoding instead of detecting it (map user labels with encodingFromLabel). */
  textEncoding?: TextEncodingName;
}
