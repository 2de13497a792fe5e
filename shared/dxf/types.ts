import type { TextEncodingName } from '../encoding/index.js';

/**
 * What the DXF reader returns. Coordinates are drawing units (see `DxfHeader.insUnits`), in the
 * world coordinate system: object-coordinate-system entities (arcs, circles, light-weight
 * polylines, texts, block inserts with an extrusion direction) are already turned into world
 * coordinates, and block inserts are expanded — the values `ogrinfo` prints.
 */

/** A vertex: [x, y], or [x, y, z] when the entity has a non-zero elevation. */
export type DxfPoint = [number, number] | [number, number, number];

/** How the reader classifies an entity. */
export type DxfKind =
  | 'line' // LINE
  | 'polyline' // LWPOLYLINE, POLYLINE (2D/3D; bulges stroked)
  | 'arc' // ARC, stroked
  | 'circle' // CIRCLE, stroked (closed)
  | 'text' // TEXT, and ATTRIB values of block inserts
  | 'mtext' // MTEXT, formatting removed
  | 'point' // POINT
  | 'insert' // INSERT: a placed block; its entities are in `children`
  | 'other'; // any other entity (kept so counts and numbering match the file)

/** One entity of the drawing (top level in ENTITIES, or placed by a block insert). */
export interface DxfEntity {
  /**
   * Position of the entity in the ENTITIES section, counting from 0 (VERTEX, SEQEND and ATTRIB
   * records belong to their owner). Entities placed by an insert carry the insert's index.
   */
  index: number;
  /** Entity name as written in the file (upper case), e.g. "LWPOLYLINE". */
  type: string;
  kind: DxfKind;
  /** Layer (group 8); "0" when absent. Inside blocks, layer "0" takes the insert's layer. */
  layer: string;
  /** Entity handle (group 5), when the file has handles (R13 and later). */
  handle?: string;
  /** Line number of the entity's "0" group code in the file (1-based), for messages. */
  line: number;
  /** Vertices of lines, polylines, stroked arcs and circles. Closed figures repeat the first vertex at the end. */
  points?: DxfPoint[];
  /** Polyline closed flag (70 bit 1) or circle. */
  closed?: boolean;
  /** Texts: the text without formatting codes (MTEXT \P becomes a line break). */
  text?: string;
  /** Texts: the text as stored (decoded, formatting codes kept). */
  rawText?: string;
  /** Text height in drawing units. */
  height?: number;
  /** Rotation in degrees counter-clockwise (texts, inserts). */
  rotation?: number;
  /** Texts: insertion point. Points: the point. Inserts: insertion point. Arcs and circles: centre. */
  origin?: DxfPoint;
  /**
   * Justified TEXT/ATTRIB (72/73 not 0): the alignment point the text is justified on (11/21),
   * e.g. its middle-centre — where the drafter put the label. `origin` stays the first alignment
   * point (10/20), which is what GDAL reports.
   */
  alignPoint?: DxfPoint;
  /** Arcs and circles: radius. */
  radius?: number;
  /** Arcs: start and end angle in degrees, counter-clockwise from the x axis (as stored). */
  startAngle?: number;
  endAngle?: number;
  /** Inserts: block name, scale factors. */
  block?: string;
  scale?: [number, number, number];
  /** Inserts: array copies (groups 70/71/44/45), when more than one. */
  array?: { columns: number; rows: number; columnSpacing: number; rowSpacing: number };
  /** Inserts: extrusion direction (210/220/230) when not (0, 0, 1). */
  extrusion?: [number, number, number];
  /** Inserts: the ATTRIB records that follow it (already in drawing coordinates). */
  attribs?: DxfEntity[];
  /** Inserts: the block's entities placed in drawing coordinates (nested inserts expanded), then the ATTRIB texts. */
  children?: DxfEntity[];
}

/** The HEADER variables the reader uses. */
export interface DxfHeader {
  /** $ACADVER, e.g. "AC1009" (R12), "AC1015" (2000), "AC1018" (2004), "AC1021" (2007), "AC1032" (2018). */
  acadVer: string | null;
  /** $DWGCODEPAGE as written, e.g. "ANSI_1252", "ANSI_1258". */
  codepage: string | null;
  /** $INSUNITS code (0 unitless, 1 inch, 2 foot, 4 mm, 5 cm, 6 m, 7 km …), null when absent. */
  insUnits: number | null;
  /** $EXTMIN / $EXTMAX drawing extents as stored (may be stale or ±1e20 in empty drawings). */
  extMin: DxfPoint | null;
  extMax: DxfPoint | null;
}

/** A block definition from the BLOCKS section. */
export interface DxfBlock {
  name: string;
  /** Base point: subtracted from the block's coordinates when it is inserted. */
  base: DxfPoint;
  /** Block-type flags (group 70): 4 = external reference, whose content is not in this file. */
  flags: number;
  entities: DxfEntity[];
}

export interface DxfCounts {
  /** Top-level entities by layer. */
  byLayer: Record<string, number>;
  /** Top-level entities by entity name. */
  byType: Record<string, number>;
  /** Entities placed by block inserts (all nesting levels). */
  placed: number;
}

export interface DxfFile {
  header: DxfHeader;
  /** Layer names from the LAYER table, in file order (entities may use layers not in it). */
  layers: string[];
  blocks: Map<string, DxfBlock>;
  /** Top-level entities in file order. */
  entities: DxfEntity[];
  counts: DxfCounts;
  /** Encoding used for text values (forced, declared or detected; see docs/dxf.md). */
  textEncoding: TextEncodingName;
  /** How sure the choice is, 0-1 (1 for plain ASCII, a forced encoding or valid UTF-8). */
  textEncodingConfidence: number;
  /** The encoding the header declares ($ACADVER ≥ AC1021 → UTF-8, else $DWGCODEPAGE), null when unknown. */
  declaredEncoding: TextEncodingName | null;
  /** Bounding box of all returned geometry [minX, minY, maxX, maxY], or undefined when empty. */
  bounds?: [number, number, number, number];
}

export interface DxfReadOptions {
  /** File name for error messages. */
  fileName?: string;
  /** Force the text encoding instead of choosing it (map user labels with encodingFromLabel). */
  textEncoding?: TextEncodingName;
  /** Deepest block nesting expanded (default 16); deeper inserts are refused as damage. */
  maxBlockDepth?: number;
  /** Most entities all inserts together may place (default 2,000,000). */
  maxPlacedEntities?: number;
}
