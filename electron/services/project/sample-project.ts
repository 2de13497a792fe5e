/**
 * The bundled sample project: a synthetic commune made by ParcelDesk's own generator (VN-2000,
 * several sheets, a few realistic errors), written to the user's data folder on first start so a
 * new user sees a real project at once: its parcels, its sheet frames and its commune boundary. Generated, never shipped as a data file: the generator is
 * deterministic, so every installation gets the same sample.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseCrsCode } from '../../../shared/geo/crs.js';
import { generateCommune, type GenerateCommuneOptions } from '../../../shared/sample/synthetic-commune.js';
import { ParcelWriter } from './parcel-writer.js';
import { ProjectFile } from './project-file.js';
import { writeCommuneBoundaries, writeSheetFrames } from './reference-areas.js';
import { AUDIT_TABLE } from './schema.js';

export const SAMPLE_FILE_NAME = 'xa-mau-parceldesk.gpkg';
/** Bump when the generator's output changes, so users get the new sample rather than a stale one. */
export const SAMPLE_VERSION = '3';
/** The `source_file` of the sample's frames and boundary (they were generated, not loaded from a file). */
export const SAMPLE_REFERENCE_SOURCE = 'xa-mau-parceldesk (tạo sẵn / generated)';

export function samplePath(userDataDir: string): string {
  return path.join(userDataDir, 'sample', SAMPLE_FILE_NAME);
}

/**
 * What the sample is generated with: a few of the errors technicians meet every day, so the findings
 * panel has something real to show; sheet lines respected and the boundary returned, so the frames
 * show the one parcel drawn across its sheet line and the boundary the notch on the commune edge.
 */
export const SAMPLE_COMMUNE_OPTIONS: Readonly<GenerateCommuneOptions> = Object.freeze({
  seed: 2026,
  noiseMm: 2,
  sheetLines: true,
  communeBoundary: true,
  errors: Object.freeze({
    overlaps: 2,
    gaps: 2,
    nearMisses: 3,
    selfIntersections: 1,
    duplicateNumbers: 1,
    missingNumbers: 1,
    invalidLandTypes: 1,
    slivers: 1,
    areaMismatches: 2,
    crossesSheet: 1,
    edgeGaps: 1,
  }),
});

/** Write the sample commune into a new project at `file` (which must not exist). */
export function writeSampleProject(file: string, seed = SAMPLE_COMMUNE_OPTIONS.seed!): ProjectFile {
  const commune = generateCommune({ ...SAMPLE_COMMUNE_OPTIONS, seed });
  const project = ProjectFile.create(file, parseCrsCode(commune.crs).epsg);
  try {
    const writer = new ParcelWriter(project.db, project.srsId);
    project.db.transaction(() => {
      writer.begin();
      for (const p of commune.parcels) writer.add(p.geometry, p.attributes);
      writer.end();
      writeSheetFrames(
        project.db,
        project.srsId,
        SAMPLE_REFERENCE_SOURCE,
        commune.sheets.map((s) => ({
          sheetNo: s.sheetNo,
          communeCode: commune.communeCode,
          scale: s.scale,
          sheetCode: null,
          polygon: s.frame.coordinates,
        })),
      );
      if (commune.boundary) {
        writeCommuneBoundaries(project.db, project.srsId, SAMPLE_REFERENCE_SOURCE, [
          { communeCode: commune.communeCode, name: commune.communeName, polygons: [commune.boundary.coordinates] },
        ]);
      }
      project.touchContents();
      project.setSetting('sample_version', SAMPLE_VERSION);
      project.setSetting('commune_name', commune.communeName);
      project.db
        .prepare(
          `INSERT INTO ${AUDIT_TABLE} (at, user, command, label, parcels, before, after, kind) VALUES (?, 'parceldesk', 'create-sample', ?, '[]', NULL, ?, 'do')`,
        )
        .run(new Date().toISOString(), `Tạo dự án mẫu ${commune.communeName}`, JSON.stringify({ seed, parcels: commune.parcels.length, sheetFrames: commune.sheets.length, communeBoundaries: commune.boundary ? 1 : 0 }));
    })();
    return project;
  } catch (err) {
    project.close();
    throw err;
  }
}

/** Open the sample project, generating it on first use. */
export function openOrCreateSample(userDataDir: string): ProjectFile {
  const file = samplePath(userDataDir);
  if (existsSync(file)) {
    const project = ProjectFile.open(file);
    if (project.setting('sample_version') === SAMPLE_VERSION) return project;
    // An older sample: keep the user's copy under another name, then regenerate.
    project.close();
    renameSync(file, `${file.slice(0, -5)}-${Date.now()}.gpkg`);
  }
  mkdirSync(path.dirname(file), { recursive: true });
  return writeSampleProject(file);
}
