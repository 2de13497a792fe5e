// Issue 3 benchmark: the Đà Nẵng ward 20266 linework sheet (21k line strings + 6.8k texts).
//  1. reading: our DGN reader in a fresh Node process vs `ogr2ogr -f GeoJSON` (GDAL's DGN
//     driver) on the same file — goal: within 2× of GDAL;
//  2. building parcels from the sheet in-process (noding, faces, labels) — goal: under 3 s;
//  3. the whole `parceldesk import` (read, build, write a new project) vs `ogr2ogr -f GPKG`.
// Uses the compiled JS in build/ (`npx tsc -p electron/tsconfig.json`).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, data, hasTool, report, requireOrSkip, timed, tmp } from './lib.mjs';

const READER = path.join(ROOT, 'build/shared/dgn/index.js');
const BUILD = path.join(ROOT, 'build/shared/sheet/build-parcels.js');
const DRAWING = path.join(ROOT, 'build/shared/sheet/drawing.js');
const FROM_DGN = path.join(ROOT, 'build/shared/sheet/from-dgn.js');
const PROFILES = path.join(ROOT, 'build/shared/sheet/level-profile.js');

// Child mode: read the file once and exit (timed as a whole process, like ogr2ogr).
if (process.argv[2] === '--read') {
  const { readDgn } = await import(pathToFileURL(READER).href);
  const dgn = readDgn(new Uint8Array(readFileSync(process.argv[3])), { fileName: process.argv[3] });
  process.stdout.write(`${dgn.elements.length}\n`);
  process.exit(0);
}

const src = data('vn-danang-dgn/danang_20266_linework_labels_v7.dgn');
requireOrSkip('dgn-build', [
  [existsSync(src), `${src} not found (../shared/data is not part of the repository)`],
  [hasTool('ogr2ogr'), 'ogr2ogr (Debian gdal-bin) not installed'],
  [existsSync(READER) && existsSync(BUILD) && existsSync(CLI), 'run `npx tsc -p electron/tsconfig.json` first'],
]);

const best = (n, fn) => {
  let min = null;
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (!min || r.seconds < min.seconds) min = r;
  }
  return min;
};

// 1. Reading (GeoJSON refuses to overwrite, so each run writes a new file).
const dir = tmp();
let run = 0;
const peerRead = best(3, () => timed('ogr2ogr', ['-f', 'GeoJSON', path.join(dir, `read-${run++}.geojson`), src]));
const oursRead = best(3, () => timed(process.execPath, [new URL(import.meta.url).pathname, '--read', src]));
console.log(`  elements read: ${oursRead.stdout.trim()}`);
report('Read danang_20266_linework_labels_v7.dgn (whole process)', oursRead, peerRead, 'ogr2ogr', 'within 2×');

// 2. Building parcels in-process.
const { readDgn } = await import(pathToFileURL(READER).href);
const { buildParcels } = await import(pathToFileURL(BUILD).href);
const { toBuildDrawing } = await import(pathToFileURL(DRAWING).href);
const { sheetFromDgn } = await import(pathToFileURL(FROM_DGN).href);
const { defaultProfile, roleFunction } = await import(pathToFileURL(PROFILES).href);
const bytes = new Uint8Array(readFileSync(src));
const roles = roleFunction(defaultProfile());
let buildSeconds = Infinity, readSeconds = Infinity, result = null;
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint();
  const dgn = readDgn(bytes, { fileName: src });
  const t1 = process.hrtime.bigint();
  result = buildParcels(toBuildDrawing(sheetFromDgn(dgn, src)), roles);
  const t2 = process.hrtime.bigint();
  readSeconds = Math.min(readSeconds, Number(t1 - t0) / 1e9);
  buildSeconds = Math.min(buildSeconds, Number(t2 - t1) / 1e9);
}
const s = result.stats;
console.log('Build parcels from the sheet (in-process, best of 3)');
console.log(`  read (in-process): ${readSeconds.toFixed(3)} s`);
console.log(`  build            : ${buildSeconds.toFixed(3)} s  (goal: under 3 s) — ${s.lines} lines, ${s.nodes} nodes, ${s.edges} edges, ${s.faces} faces, ${s.labeled} labeled`);
console.log(`  findings         : ${JSON.stringify(s.findings)}`);

// 3. Whole import into a new project.
const peerImport = timed('ogr2ogr', ['-f', 'GPKG', path.join(dir, 'ogr.gpkg'), src]);
const oursImport = timed(process.execPath, [CLI, 'import', src, '--project', path.join(dir, 'pd.gpkg'), '--crs', 'EPSG:5899', '--json']);
const out = JSON.parse(oursImport.stdout);
console.log(`  parcels imported: ${out.parcels} (built ${out.inputs[0].built}, levels ${JSON.stringify(out.inputs[0].levels)})`);
report('Import the sheet into a new project (read + build + write) vs ogr2ogr copying its elements to GPKG', oursImport, peerImport, 'ogr2ogr', 'informative');
