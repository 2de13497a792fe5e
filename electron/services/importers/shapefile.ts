/**
 * ESRI Shapefile reader (.shp + .shx + .dbf, optional .prj and .cpg) as a FeatureSource.
 *
 * Written from the ESRI Shapefile Technical Description (1998) and the dBASE III+ file format.
 * Geometry is read record by record through the .shx offsets and a chunked file reader, so large
 * files are never held in memory. Text attributes are decoded with the encoding chosen by
 * shapefile/code-page.ts: the user's choice, else the content (TCVN3, VNI, Windows-1258, UTF-8 …)
 * when the .cpg/LDID is missing or contradicted by it, else the declaration.
 *
 * Geometry: Polygon/PolygonZ/PolygonM → Polygon or MultiPolygon (holes assigned to the outer ring
 * containing them, vertex order as stored); PolyLine* → LineString/MultiLineString; Point* → Point;
 * MultiPoint* with one point → Point, with more → null (not modelled). Z and M values are dropped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../shared/errors.js';
import { decodeText, type TextEncodingName } from '../../../shared/encoding/index.js';
import type { FeatureSource, FieldValue, SourceFeature } from './feature-source.js';
import { decideEncoding, type EncodingDecision } from './shapefile/code-page.js';
import { DbfReader, type DbfField } from './shapefile/dbf-reader.js';
import { baseShapeType, SHAPE_TYPE_NAMES, ShpReader } from './shapefile/shp-reader.js';
import { findShapefileParts } from './shapefile/siblings.js';

export interface ShapefileOptions {
  /** Decode text with this encoding, whatever the .cpg, the LDID or the content say. */
  encoding?: TextEncodingName;
}

/** A shapefile opened for reading, with the details the import dialog shows. */
export interface ShapefileSource extends FeatureSource {
  format: 'ESRI Shapefile';
  /** Shape type code from the header (5 Polygon, 15 PolygonZ, 25 PolygonM, 1 Point, 3 PolyLine …). */
  shapeType: number;
  shapeTypeName: string;
  /** [minx, miny, maxx, maxy] from the .shp header. */
  extent: [number, number, number, number];
  /** How the text encoding was chosen (shown so a user can override a wrong guess). */
  encodingDecision: EncodingDecision;
  encoding: TextEncodingName;
}

function uniqueNames(fields: DbfField[], encoding: TextEncodingName): string[] {
  const seen = new Map<string, number>();
  return fields.map((f, i) => {
    let name = decodeText(f.rawName, encoding).trim() || `field_${i + 1}`;
    const n = seen.get(name.toLowerCase()) ?? 0;
    seen.set(name.toLowerCase(), n + 1);
    if (n > 0) name = `${name}_${n + 1}`;
    return name;
  });
}

/**
 * Opens a shapefile. `file` may name the .shp or any sibling part (or omit the extension); parts
 * are found whatever their letter case. Throws UserError: 'import.fileNotFound' (no .shp),
 * 'import.missingPart' (no .shx or .dbf), 'import.corrupt' (bad header or sizes),
 * 'import.shpShapeType' (MultiPatch or an unknown shape type).
 */
export function openShapefile(file: string, opts: ShapefileOptions = {}): ShapefileSource {
  const { base, parts } = findShapefileParts(file);
  const dir = path.dirname(file);
  const shpPath = parts.shp;
  if (!shpPath) throw new UserError('import.fileNotFound', { file: path.join(dir, `${base}.shp`) });
  if (!parts.shx) throw new UserError('import.missingPart', { file: shpPath, part: '.shx' });
  if (!parts.dbf) throw new UserError('import.missingPart', { file: shpPath, part: '.dbf' });

  const shp = new ShpReader(shpPath, parts.shx);
  let dbf: DbfReader;
  try {
    const type = shp.header.shapeType;
    if (baseShapeType(type) === null) {
      throw new UserError('import.shpShapeType', {
        file: shpPath,
        type: `${type} (${SHAPE_TYPE_NAMES[type] ?? '?'})`,
      });
    }
    dbf = new DbfReader(parts.dbf);
  } catch (err) {
    shp.close();
    throw err;
  }

  try {
    if (dbf.recordCount !== shp.recordCount) {
      throw new UserError('import.corrupt', {
        file: shpPath,
        detail: `the .shx indexes ${shp.recordCount} shapes but the .dbf has ${dbf.recordCount} records`,
      });
    }
    const cpg = parts.cpg ? readFileSync(parts.cpg).toString('latin1') : null;
    const decision = decideEncoding({
      forced: opts.encoding,
      cpg,
      ldid: dbf.ldid,
      samples: () => dbf.textSamples(),
    });
    const encoding = decision.encoding;
    const readable = dbf.readableFields;
    const names = uniqueNames(readable, encoding);
    const crsWkt = parts.prj ? readFileSync(parts.prj).toString('utf8').replace(/^\uFEFF/, '').trim() || null : null;
    let closed = false;
    const count = shp.recordCount;

    return {
      file: shpPath,
      format: 'ESRI Shapefile',
      layer: path.basename(shpPath, path.extname(shpPath)),
      fields: names,
      featureCount: count,
      crsWkt,
      encoding,
      encodingDecision: decision,
      shapeType: shp.header.shapeType,
      shapeTypeName: SHAPE_TYPE_NAMES[shp.header.shapeType] ?? String(shp.header.shapeType),
      extent: shp.header.extent,
      *features(): Iterable<SourceFeature> {
        for (let i = 0; i < count; i++) {
          if (closed) throw new Error(`${shpPath} was closed while being read`);
          const geometry = shp.readGeometry(i);
          const { deleted, bytes } = dbf.record(i);
          const properties: Record<string, FieldValue> = {};
          readable.forEach((f, k) => {
            properties[names[k]!] = dbf.value(bytes, f, encoding);
          });
          const feature: SourceFeature = { index: i, geometry, properties };
          if (deleted) feature.deleted = true;
          yield feature;
        }
      },
      close() {
        if (closed) return;
        closed = true;
        shp.close();
        dbf.close();
      },
    };
  } catch (err) {
    shp.close();
    dbf.close();
    throw err;
  }
}
