/**
 * The bundled sample project: a synthetic commune made by ParcelDesk's own generator (VN-2000,
 * several sheets, a few realistic errors), written to the user's data folder on first start so a
 * new user sees a real project at once. Generated, never shipped as a data file: the generator is
 * deterministic, so every installation gets the same sample.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { parseCrsCode } from '../../../shared/geo/crs.js';
import { generateCommune } from '../../../shared/sample/synthetic-commune.js';
import { ParcelWriter } from './parcel-writer.js';
import { ProjectFile } from './project-file.js';
import { AUDIT_TABLE } from './schema.js';

export const SAMPLE_FILE_NAME = 'xa-mau-parceldesk.gpkg';
/** Bump when the generator's output changes, so users get the new sample rather than a stale one. */
export const SAMPLE_VERSION = '2';

export function samplePath(userDataDir: string): string {
  return path.join(userDataDir, 'sample', SAMPLE_FILE_NAME);
}

/** Write the sample commune into a new project at `file` (which must not exist). */
export function writeSampleProject(file: string, seed = 2026): ProjectFile {
  // A few of the errors technicians meet every day, so the findings panel has something real to show.
  const commune = generateCommune({
    seed,
    noiseMm: 2,
    errors: { overlaps: 2, gaps: 2, nearMisses: 3, selfIntersections: 1, duplicateNumbers: 1, missingNumbers: 1, invalidLandTypes: 1, slivers: 1, areaMismatches: 2 },
  });
  const project = ProjectFile.create(file, parseCrsCode(commune.crs).epsg);
  try {
    const writer = new ParcelWriter(project.db, project.srsId);
    project.db.transaction(() => {
      writer.begin();
      for (const p of commune.parcels) writer.add(p.geometry, p.attributes);
      writer.end();
      project.touchContents();
      project.setSetting('sample_version', SAMPLE_VERSION);
      project.setSetting('commune_name', commune.communeName);
      project.db
        .prepare(
          `INSERT INTO ${AUDIT_TABLE} (at, user, command, label, parcels, before, after, kind) VALUES (?, 'parceldesk', 'create-sample', ?, '[]', NULL, ?, 'do')`,
        )
        .run(new Date().toISOString(), `Tạo dự án mẫu ${commune.communeName}`, JSON.stringify({ seed, parcels: commune.parcels.length }));
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
