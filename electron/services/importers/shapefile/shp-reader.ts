/**
 * Reads .shp geometry records through the .shx index (ESRI Shapefile Technical Description,
 * July 1998). Every length and count is checked against the record and file size before use, so
 * a truncated or corrupt file gives an error naming the record instead of a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Geometry, Position } from '../../../../shared/geo/geometry.js';
import { UserError } from '../../../../shared/errors.js';
import { BufferedFile } from './buffered-file.js';
import { assemblePolygon } from './rings.js';

/** Shape type codes of the specification. */
export const SHAPE_TYPE_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Point',
  3: 'PolyLine',
  5: 'Polygon',
  8: 'MultiPoint',
  11: 'PointZ',
  13: 'PolyLineZ',
  15: 'PolygonZ',
  18: 'MultiPointZ',
  21: 'PointM',
  23: 'PolyLineM',
  25: 'PolygonM',
  28: 'MultiPointM',
  31: 'MultiPatch',
};

/** The 2D family of a shape type (Z and M variants share the X/Y layout of the 2D one). */
export function baseShapeType(type: number): 0 | 1 | 3 | 5 | 8 | null {
  switch (type) {
    case 0:
      return 0;
    case 1: case 11: case 21:
      return 1;
    case 3: case 13: case 23:
      return 3;
    case 5: case 15: case 25:
      return 5;
    case 8: case 18: case 28:
      return 8;
    default:
      return null;
  }
}

export interface ShpHeader {
  shapeType: number;
  /** [minx, miny, maxx, maxy] from the file header. */
  extent: [number, number, number, number];
}

export class ShpReader {
  readonly header: ShpHeader;
  readonly recordCount: number;
  private readonly shp: BufferedFile;
  private readonly index: Buffer;
  private readonly shpName: string;
  private readonly shxName: string;

  constructor(shpPath: string, shxPath: string) {
    this.shpName = shpPath;
    this.shxName = shxPath;
    this.index = readFileSync(shxPath);
    this.shp = new BufferedFile(shpPath);
    try {
      this.header = this.readHeader();
      if ((this.index.length - 100) % 8 !== 0 || this.index.length < 100) {
        this.fail(shxPath, `the index is ${this.index.length} bytes, not 100 + 8 × records`);
      }
      this.checkHeader(this.index.subarray(0, 100), shxPath);
      this.recordCount = (this.index.length - 100) / 8;
    } catch (err) {
      this.shp.close();
      throw err;
    }
  }

  private fail(file: string, detail: string): never {
    throw new UserError('import.corrupt', { file, detail });
  }

  private checkHeader(h: Buffer, file: string): void {
    if (h.length < 100) this.fail(file, `the header is ${h.length} bytes, a shapefile header has 100`);
    if (h.readInt32BE(0) !== 9994) this.fail(file, `file code ${h.readInt32BE(0)} is not 9994: not a shapefile`);
    const version = h.readInt32LE(28);
    if (version !== 1000) this.fail(file, `version ${version} is not 1000`);
  }

  private readHeader(): ShpHeader {
    const h = this.shp.read(0, 100);
    if (!h) this.fail(this.shpName, `the file is ${this.shp.size} bytes, shorter than the 100-byte header`);
    this.checkHeader(h, this.shpName);
    const shapeType = h.readInt32LE(32);
    return {
      shapeType,
      extent: [h.readDoubleLE(36), h.readDoubleLE(44), h.readDoubleLE(52), h.readDoubleLE(60)],
    };
  }

  /** Geometry of record `i` (0-based); null for a null shape or an empty part list. */
  readGeometry(i: number): Geometry | null {
    const rec = i + 1;
    const entry = 100 + i * 8;
    const offset = this.index.readInt32BE(entry) * 2;
    const indexedLength = this.index.readInt32BE(entry + 4) * 2;
    if (offset < 100 || indexedLength < 4 || offset + 8 + indexedLength > this.shp.size) {
      this.fail(
        this.shpName,
        `record ${rec}: the index points to bytes ${offset}–${offset + 8 + indexedLength} but the file has ${this.shp.size} bytes (truncated?)`,
      );
    }
    const head = this.shp.read(offset, 8)!;
    const number = head.readInt32BE(0);
    const length = head.readInt32BE(4) * 2;
    if (length > indexedLength || length < 4) {
      this.fail(
        this.shpName,
        `record ${rec}: content length ${length} bytes disagrees with the index (${indexedLength} bytes; record number in file ${number})`,
      );
    }
    const content = this.shp.read(offset + 8, length)!;
    return this.parse(content, rec);
  }

  private parse(c: Buffer, rec: number): Geometry | null {
    const type = c.readInt32LE(0);
    if (type === 0) return null;
    if (type !== this.header.shapeType) {
      this.fail(this.shpName, `record ${rec}: shape type ${type} in a file of type ${this.header.shapeType}`);
    }
    const need = (bytes: number, what: string) => {
      if (c.length < bytes) {
        this.fail(this.shpName, `record ${rec}: ${what} needs ${bytes} bytes but the record has ${c.length}`);
      }
    };
    switch (baseShapeType(type)) {
      case 1:
        need(20, 'a point');
        return { type: 'Point', coordinates: [c.readDoubleLE(4), c.readDoubleLE(12)] };
      case 8: {
        need(40, 'a multipoint header');
        const n = c.readInt32LE(36);
        if (n < 0) this.fail(this.shpName, `record ${rec}: negative point count ${n}`);
        need(40 + 16 * n, `${n} points`);
        if (n === 0) return null;
        // ParcelDesk's geometry model has no MultiPoint: one point is a Point, more are not modelled.
        return n === 1 ? { type: 'Point', coordinates: [c.readDoubleLE(40), c.readDoubleLE(48)] } : null;
      }
      case 3:
      case 5: {
        const parts = this.readParts(c, rec);
        if (parts.length === 0) return null;
        if (type === 3 || type === 13 || type === 23) {
          return parts.length === 1
            ? { type: 'LineString', coordinates: parts[0]! }
            : { type: 'MultiLineString', coordinates: parts };
        }
        return assemblePolygon(parts);
      }
      default:
        this.fail(this.shpName, `record ${rec}: shape type ${type} cannot be read`);
    }
  }

  private readParts(c: Buffer, rec: number): Position[][] {
    if (c.length < 44) {
      this.fail(this.shpName, `record ${rec}: a part header needs 44 bytes but the record has ${c.length}`);
    }
    const numParts = c.readInt32LE(36);
    const numPoints = c.readInt32LE(40);
    if (numParts < 0 || numPoints < 0) {
      this.fail(this.shpName, `record ${rec}: negative counts (${numParts} parts, ${numPoints} points)`);
    }
    const pointsAt = 44 + 4 * numParts;
    if (pointsAt + 16 * numPoints > c.length) {
      this.fail(
        this.shpName,
        `record ${rec}: ${numParts} parts and ${numPoints} points need ${pointsAt + 16 * numPoints} bytes but the record has ${c.length}`,
      );
    }
    if (numPoints === 0 || numParts === 0) return [];
    const starts: number[] = [];
    for (let p = 0; p < numParts; p++) {
      const s = c.readInt32LE(44 + 4 * p);
      const prev = p === 0 ? 0 : starts[p - 1]!;
      if ((p === 0 && s !== 0) || s < prev || s >= numPoints) {
        this.fail(this.shpName, `record ${rec}: part ${p + 1} starts at point ${s}, outside 0–${numPoints - 1} or out of order`);
      }
      starts.push(s);
    }
    const parts: Position[][] = [];
    for (let p = 0; p < numParts; p++) {
      const end = p + 1 < numParts ? starts[p + 1]! : numPoints;
      const part: Position[] = [];
      for (let k = starts[p]!; k < end; k++) {
        const at = pointsAt + 16 * k;
        part.push([c.readDoubleLE(at), c.readDoubleLE(at + 8)]);
      }
      if (part.length > 0) parts.push(part);
    }
    return parts;
  }

  close(): void {
    this.shp.close();
  }

  /** File name for messages. */
  get name(): string {
    return path.basename(this.shpName);
  }

  /** The .shx path (for messages about the index). */
  get indexFile(): string {
    return this.shxName;
  }
}
