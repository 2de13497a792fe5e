// Issue 2 benchmark: import the 111k-parcel Đà Nẵng GeoPackage into a new ParcelDesk project,
// side by side with ogr2ogr copying the same file to a new GeoPackage (with its spatial index).
// Goal: within 2× of ogr2ogr.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CLI, data, hasTool, report, requireOrSkip, timed, tmp } from './lib.mjs';

const src = data('vn-danang/danang_parcels_vn2000_epsg5899.gpkg');
requireOrSkip('import-danang', [
  [existsSync(src), `${src} not found (../shared/data is not part of the repository)`],
  [hasTool('ogr2ogr'), 'ogr2ogr (Debian gdal-bin) not installed'],
  [existsSync(CLI), 'run `npm run build` first'],
]);

const dir = tmp();
const peer = timed('ogr2ogr', ['-f', 'GPKG', path.join(dir, 'ogr.gpkg'), src, 'parcels']);
const ours = timed(process.execPath, [CLI, 'import', src, '--project', path.join(dir, 'pd.gpkg'), '--json']);
const out = JSON.parse(ours.stdout);
console.log(`  parcels imported: ${out.parcels} (source features ${out.inputs[0].features}, skipped ${out.inputs[0].skipped})`);
report('Import Đà Nẵng 111k parcels (GeoPackage → new project)', ours, peer, 'ogr2ogr', 'within 2×');
