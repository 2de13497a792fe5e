// Incremental re-validation at 100k parcels: the Đà Nẵng file (111k parcels) imported into a project and
// validated once, then single-parcel edits (a boundary vertex moved 40 cm, a parcel number changed, a
// land-use code changed) and their undo. Each edit's re-check (read, update the parcel set, rules, save) is
// timed and compared with the alternative, a full re-validation of the project. Goal: well under a second.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, data, requireOrSkip, timed, tmp } from './lib.mjs';

const build = process.env.PARCELDESK_BUILD ?? path.join(ROOT, 'build');
const gpkg = data('vn-danang/danang_parcels_vn2000_epsg5899.gpkg');
const { existsSync } = await import('node:fs');
requireOrSkip('validate-incremental', [
  [existsSync(gpkg), `no ${gpkg}`],
  [existsSync(path.join(build, 'electron/cli.js')), `no build at ${build} (npm run build:node)`],
]);
const mod = (rel) => import(pathToFileURL(path.join(build, rel)).href);
const { ProjectFile } = await mod('electron/services/project/project-file.js');
const { ProjectEditor } = await mod('electron/services/project/editor.js');
const { ValidationSession } = await mod('electron/services/validation/validation-session.js');
const { SetGeometryCommand } = await mod('shared/commands/set-geometry.js');
const { UpdateAttributesCommand } = await mod('shared/commands/update-attributes.js');

const dir = tmp();
const project = path.join(dir, 'danang.gpkg');
try {
  timed(process.execPath, [path.join(build, 'electron/cli.js'), 'import', gpkg, '--project', project, '--json']);
  const p = ProjectFile.open(project);
  const editor = new ProjectEditor(p, 'bench');
  const session = new ValidationSession(editor, 'bench');
  const full = session.runFull({});
  console.log(`full validation: ${full.parcels} parcels, ${full.findings} findings, ${full.ms} ms`);
  const fids = [...session.parcelSet().set.fids];
  const picks = Array.from({ length: 15 }, (_, i) => fids[Math.floor(((i + 0.5) / 15) * fids.length)]);
  const times = { geometry: [], 'geometry undo': [], 'parcel number': [], 'land-use code': [] };
  const checked = [];
  const phases = [];
  const timeIt = (kind, fn) => {
    const t0 = performance.now();
    fn();
    times[kind].push(performance.now() - t0);
    if (kind === 'geometry') {
      checked.push(session.lastIncremental.checkedParcels);
      phases.push(session.lastIncremental.phases);
    }
  };
  for (const fid of picks) {
    const g = editor.parcels.getGeometry(fid);
    if (!g) continue;
    const after = JSON.parse(JSON.stringify(g));
    const ring = after.type === 'Polygon' ? after.coordinates[0] : after.coordinates[0][0];
    ring[1][0] += 0.4;
    timeIt('geometry', () => editor.execute(new SetGeometryCommand(fid, g, after)));
    timeIt('geometry undo', () => editor.undo());
    timeIt('parcel number', () => editor.execute(UpdateAttributesCommand.create(editor.parcels, fid, { parcel_no: '99999' })));
    editor.undo();
    timeIt('land-use code', () => editor.execute(UpdateAttributesCommand.create(editor.parcels, fid, { land_type: 'XYZ' })));
    editor.undo();
  }
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))];
  for (const [kind, xs] of Object.entries(times)) {
    console.log(
      `${kind.padEnd(14)}: median ${q(xs, 0.5).toFixed(0)} ms, p90 ${q(xs, 0.9).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms` +
        `  (full re-validation ${full.ms} ms: ${(full.ms / q(xs, 0.5)).toFixed(0)}× slower)`,
    );
  }
  console.log(`parcels re-checked per geometry edit: median ${q(checked, 0.5)}, max ${Math.max(...checked)}`);
  const names = Object.keys(phases[0] ?? {});
  console.log(`geometry edit, median per phase: ${names.map((n) => `${n} ${q(phases.map((p) => p[n]), 0.5).toFixed(0)} ms`).join(', ')}`);
  console.log(`goal: well under a second per edit at 100k parcels`);
  p.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
