/**
 * Picks the reader for a file by its extension (and, for ambiguous cases, its first bytes), so the
 * app, the CLI and the worker all accept exactly the same formats.
 */
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../shared/errors.js';
import type { FeatureSource } from '../importers/feature-source.js';
import { openGeoJson } from '../importers/geojson.js';
import { openGeoPackage } from '../importers/geopackage.js';
import { openShapefile } from '../importers/shapefile.js';
import { openDgnSheet, openDxfSheet } from './sheet-source.js';
import { resolveLevelProfile } from './project-level-profile.js';
import type { LevelProfile } from '../../../shared/sheet/level-profile.js';
import { encodingFromLabel, type TextEncodingName } from '../../../shared/encoding/index.js';

export interface OpenSourceOptions {
  layer?: string;
  /** Forced text encoding for legacy formats (see shared/encoding). */
  encoding?: string;
  /** Drawn sheets: level profile name or profile file (see project-level-profile.ts), and the sheet number to use when the frame has none. */
  profile?: string;
  /** Drawn sheets: the profile itself (wins over `profile`), e.g. the project's saved one. */
  levelProfile?: LevelProfile;
  /** Drawn sheets: the project's saved profile, used when neither `levelProfile` nor `profile` is given. */
  savedProfile?: LevelProfile | null;
  sheet?: string;
}

function forcedEncoding(file: string, label: string | undefined): TextEncodingName | undefined {
  if (!label) return undefined;
  const enc = encodingFromLabel(label);
  if (!enc) throw new UserError('import.badEncoding', { file, encoding: label });
  return enc;
}

function sheetOptions(file: string, opts: OpenSourceOptions) {
  const profile = opts.levelProfile ?? resolveLevelProfile(opts.profile, file, opts.savedProfile ?? null) ?? undefined;
  return { profile, sheet: opts.sheet, encoding: forcedEncoding(file, opts.encoding) };
}

/** Extensions the import dialog offers. */
export const IMPORTABLE_EXTENSIONS = ['.gpkg', '.geojson', '.json', '.shp', '.dgn', '.dxf'];

function firstBytes(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** 'dgn' or 'dxf' when the file is a drawn sheet (by extension, or a DGN V7 header), else null. */
export function sheetKind(file: string): 'dgn' | 'dxf' | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.dgn') return 'dgn';
  if (ext === '.dxf') return 'dxf';
  if (IMPORTABLE_EXTENSIONS.includes(ext) || ['.dbf', '.shx', '.prj'].includes(ext)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  const head = firstBytes(file, 4);
  // A DGN V7 design file starts with its TCB element (2D 08 09 FE 02, 3D C8 09 FE 02).
  return (head[0] === 0x08 || head[0] === 0xc8) && head[1] === 0x09 && head[2] === 0xfe && head[3] === 0x02 ? 'dgn' : null;
}

export function openSource(file: string, opts: OpenSourceOptions = {}): FeatureSource {
  const resolved = path.resolve(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    throw new UserError('import.fileNotFound', { file: resolved });
  }
  const ext = path.extname(resolved).toLowerCase();
  switch (ext) {
    case '.gpkg':
      return openGeoPackage(resolved, { layer: opts.layer });
    case '.geojson':
    case '.json':
      return openGeoJson(resolved);
    case '.shp':
      return openShapefile(resolved, { encoding: forcedEncoding(resolved, opts.encoding) });
    case '.dgn':
      return openDgnSheet(resolved, sheetOptions(resolved, opts));
    case '.dxf':
      return openDxfSheet(resolved, sheetOptions(resolved, opts));
    case '.dbf':
    case '.shx':
    case '.prj':
      return openShapefile(resolved.slice(0, -4) + '.shp', { encoding: forcedEncoding(resolved, opts.encoding) });
    default: {
      const head = firstBytes(resolved, 16);
      if (head.subarray(0, 15).toString('latin1') === 'SQLite format 3') {
        return openGeoPackage(resolved, { layer: opts.layer });
      }
      if (sheetKind(resolved) === 'dgn') return openDgnSheet(resolved, sheetOptions(resolved, opts));
      const text = head.toString('utf8').trimStart();
      if (text.startsWith('{')) return openGeoJson(resolved);
      throw new UserError('import.unsupported', { file: resolved });
    }
  }
}
