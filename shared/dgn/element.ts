/**
 * Decoding one element record of a V7 design file into a DgnElement (without its components;
 * grouping complex elements is the reader's job).
 *
 * Layout facts (ISFF, "Intergraph Standard File Formats – Element Structure"; GDAL dgnlib):
 * every element starts with an 18-word header — word 1: level (bits 0-5), complex bit (7),
 * type (8-14), deleted bit (15); word 2: words to follow; words 3-14: range. Graphic elements
 * follow with a display header — word 15 graphic group, 16 attribute index, 17 properties,
 * 18 symbology (style bits 0-2, weight 3-7, colour 8-15). Type-specific data starts at byte 36.
 * Coordinates are 32-bit integers in UOR; 3D files have a Z after each X, Y, which shifts every
 * later field.
 */
import { i32, rad50, u16, vaxDouble } from './binary.js';
import { arcVertexCount, strokeArc, strokeCurve } from './stroke.js';
import { cStringLength, decodeMultiByte, isMultiByte } from './text.js';
import type { DgnElement, DgnKind, DgnPoint, DgnUnits } from './types.js';

/** Element types with no display header (GDAL's list, from ISFF). */
const NO_DISPLAY_HEADER = new Set([0, 1, 9, 10, 32, 44, 48, 49, 50, 51, 57, 60, 61, 62, 63]);

export const T = {
  CELL_LIBRARY: 1,
  CELL: 2,
  LINE: 3,
  LINE_STRING: 4,
  GROUP_DATA: 5,
  SHAPE: 6,
  TEXT_NODE: 7,
  TCB: 9,
  CURVE: 11,
  COMPLEX_CHAIN: 12,
  COMPLEX_SHAPE: 14,
  ELLIPSE: 15,
  ARC: 16,
  TEXT: 17,
  SURFACE_3D: 18,
  SOLID_3D: 19,
  BSPLINE_POLE: 21,
} as const;

/** A problem that makes the element unreadable; the reader turns it into a UserError. */
export class ElementError extends Error {}

/** Coordinate transform from UOR to master units: x * scale - origin, as GDAL does it. */
export interface Frame {
  dimension: 2 | 3;
  units: DgnUnits;
}

function need(size: number, bytes: number, what: string): void {
  if (size < bytes) throw new ElementError(`${what} needs ${bytes} bytes, element has ${size}`);
}

/** Rotation about Z (degrees, counter-clockwise) from a stored quaternion (w, x, y, z) at `p`. */
function quaternionZRotation(b: Uint8Array, p: number): number {
  const w = i32(b, p) / 2147483648;
  const x = i32(b, p + 4) / 2147483648;
  const y = i32(b, p + 8) / 2147483648;
  const z = i32(b, p + 12) / 2147483648;
  // MicroStation stores the inverse rotation (GDAL's writer puts sin(-θ/2) in z); the image of the
  // X axis is (w²+x²-y²-z², 2(xy-wz)).
  const deg = (Math.atan2(2 * (x * y - w * z), w * w + x * x - y * y - z * z) * 180) / Math.PI;
  return deg === 0 ? 0 : deg; // no -0
}

/**
 * Decode the element record of `size` bytes at `off`. Throws ElementError when the record is too
 * short for its declared content.
 */
export function parseElement(
  b: Uint8Array,
  off: number,
  size: number,
  index: number,
  f: Frame,
): DgnElement {
  const type = b[off + 1]! & 0x7f;
  const el: DgnElement = {
    index,
    offset: off,
    type,
    level: b[off]! & 0x3f,
    deleted: (b[off + 1]! & 0x80) !== 0,
    complex: (b[off]! & 0x80) !== 0,
    color: 0,
    weight: 0,
    style: 0,
    graphicGroup: 0,
    properties: 0,
    kind: 'other',
  };
  if (size >= 36 && !NO_DISPLAY_HEADER.has(type)) {
    el.graphicGroup = u16(b, off + 28);
    el.properties = u16(b, off + 32);
    const symb = b[off + 34]!;
    el.style = symb & 0x7;
    el.weight = symb >> 3;
    el.color = b[off + 35]!;
  }
  const is3d = f.dimension === 3;
  const scale = f.units.scale;
  const [ox, oy, oz] = f.units.origin;
  const pt = (p: number): DgnPoint =>
    is3d
      ? [i32(b, p) * scale - ox, i32(b, p + 4) * scale - oy, i32(b, p + 8) * scale - oz]
      : [i32(b, p) * scale - ox, i32(b, p + 4) * scale - oy];
  const dpt = (p: number): DgnPoint =>
    is3d
      ? [vaxDouble(b, p) * scale - ox, vaxDouble(b, p + 8) * scale - oy, vaxDouble(b, p + 16) * scale - oz]
      : [vaxDouble(b, p) * scale - ox, vaxDouble(b, p + 8) * scale - oy];
  const ps = is3d ? 12 : 8;

  switch (type) {
    case T.LINE: {
      need(size, 36 + 2 * ps, 'line');
      el.kind = 'line';
      el.points = [pt(off + 36), pt(off + 36 + ps)];
      break;
    }
    case T.LINE_STRING:
    case T.SHAPE:
    case T.CURVE:
    case T.BSPLINE_POLE: {
      need(size, 38, 'line string');
      const count = u16(b, off + 36);
      if (count < 2) throw new ElementError(`line string with ${count} vertices`);
      if (38 + count * ps > size) {
        throw new ElementError(`${count} vertices declared, room for ${Math.floor((size - 38) / ps)}`);
      }
      const v: DgnPoint[] = new Array(count);
      for (let i = 0; i < count; i++) v[i] = pt(off + 38 + i * ps);
      el.kind = kindOfMultiPoint(type);
      el.points = type === T.CURVE ? strokeCurve(v, is3d) : v;
      break;
    }
    case T.ELLIPSE:
    case T.ARC: {
      const isArc = type === T.ARC;
      const base = isArc ? 44 : 36; // arcs carry start and sweep angles first
      need(size, base + 16 + (is3d ? 16 + 24 : 4 + 16), isArc ? 'arc' : 'ellipse');
      let start = 0;
      let sweep = 360;
      if (isArc) {
        start = i32(b, off + 36) / 360000;
        // The sweep is stored as sign and magnitude, not two's complement.
        const raw = i32(b, off + 40);
        const val = (b[off + 41]! & 0x80) !== 0 ? -(raw & 0x7fffffff) : raw;
        sweep = val === 0 ? 360 : val / 360000;
      }
      const primary = vaxDouble(b, off + base) * scale;
      const secondary = vaxDouble(b, off + base + 8) * scale;
      const rotation = is3d
        ? quaternionZRotation(b, off + base + 16)
        : i32(b, off + base + 16) / 360000;
      const origin = dpt(off + base + (is3d ? 32 : 20));
      el.kind = isArc ? 'arc' : 'ellipse';
      el.primaryAxis = primary;
      el.secondaryAxis = secondary;
      el.rotation = rotation;
      el.startAngle = start;
      el.sweepAngle = sweep;
      el.origin = origin;
      el.points = strokeArc(
        origin[0],
        origin[1],
        is3d ? origin[2] : undefined,
        primary,
        secondary,
        rotation,
        start,
        sweep,
        arcVertexCount(sweep),
      );
      break;
    }
    case T.TEXT: {
      const textOff = is3d ? 76 : 60;
      need(size, textOff, 'text');
      const n = b[off + (is3d ? 74 : 58)]!;
      if (textOff + n > size) throw new ElementError(`text of ${n} bytes, room for ${size - textOff}`);
      el.kind = 'text';
      el.font = b[off + 36]!;
      el.justification = b[off + 37]!;
      el.width = (i32(b, off + 38) * scale * 6.0) / 1000.0;
      el.height = (i32(b, off + 42) * scale * 6.0) / 1000.0;
      el.rotation = is3d ? quaternionZRotation(b, off + 46) : i32(b, off + 46) / 360000;
      el.origin = pt(off + (is3d ? 62 : 50));
      const p = off + textOff;
      if (isMultiByte(b, p, n)) {
        el.text = decodeMultiByte(b, p, n);
        el.textEncoding = 'utf-16le';
      } else {
        el.textBytes = b.subarray(p, p + cStringLength(b, p, n));
      }
      break;
    }
    case T.TEXT_NODE: {
      need(size, is3d ? 86 : 70, 'text node');
      el.kind = 'text-node';
      el.font = b[off + 44]!;
      el.justification = b[off + 45]!;
      el.width = (i32(b, off + 50) * scale * 6.0) / 1000.0;
      el.height = (i32(b, off + 54) * scale * 6.0) / 1000.0;
      el.rotation = is3d ? quaternionZRotation(b, off + 58) : i32(b, off + 58) / 360000;
      el.origin = pt(off + (is3d ? 74 : 62));
      break;
    }
    case T.CELL: {
      need(size, is3d ? 124 : 92, 'cell header');
      el.kind = 'cell';
      el.name = (rad50(u16(b, off + 38)) + rad50(u16(b, off + 40))).trim();
      // The first column of the transformation matrix is the image of the cell's X axis.
      const a = i32(b, off + (is3d ? 76 : 68));
      const c = i32(b, off + (is3d ? 88 : 76));
      let rot = a === 0 && c === 0 ? 0 : (Math.atan2(c, a) * 180) / Math.PI;
      if (rot < 0) rot += 360;
      el.rotation = rot;
      el.origin = pt(off + (is3d ? 112 : 84));
      break;
    }
    case T.COMPLEX_CHAIN:
    case T.COMPLEX_SHAPE:
    case T.SURFACE_3D:
    case T.SOLID_3D: {
      need(size, 40, 'complex header');
      el.kind = type === T.COMPLEX_CHAIN ? 'complex-chain' : type === T.COMPLEX_SHAPE ? 'complex-shape' : 'other';
      break;
    }
    default:
      break;
  }
  return el;
}

function kindOfMultiPoint(type: number): DgnKind {
  switch (type) {
    case T.LINE_STRING:
      return 'linestring';
    case T.SHAPE:
      return 'shape';
    case T.CURVE:
      return 'curve';
    default:
      return 'other'; // B-spline poles: kept as their control polygon, as GDAL does
  }
}

/** Number of components a complex chain/shape (or 3D surface/solid) header announces. */
export function componentCount(b: Uint8Array, off: number): number {
  return u16(b, off + 38);
}

/** End offset (exclusive) of a cell or text node with its components, from its total length word. */
export function groupEnd(b: Uint8Array, off: number): number {
  return off + 38 + 2 * u16(b, off + 36);
}
