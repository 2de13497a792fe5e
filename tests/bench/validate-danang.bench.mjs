// Issue 4 benchmark: validate all 111k Đà Nẵng parcels (every rule, tolerance 0) side by side with
// a GEOS peer (SpatiaLite) doing validity + overlaps + gaps on the same file.
// Goal: at least 5× faster than the peer, with the same findings; memory under 1.5 GB.
//
// ParcelDesk runs through `parceldesk validate --json` when the CLI has that command, else through
// this file's own --driver mode on the built engine (build/shared, `npm run build`). Each side's
// time includes reading the file. Runs: BENCH_RUNS (default 3) for ParcelDesk, BENCH_PEER_RUNS
// (default 1) for the peer; medians are printed. The machine is shared: the load average is printed.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CLI, ROOT, data, hasTool, requireOrSkip, timed } from './lib.mjs';

const src = data('vn-danang/danang_parcels_vn2000_epsg5899.gpkg');
const ENGINE = path.join(ROOT, 'build/shared/validation/validate.js');

const driverMode = process.argv[2] === '--driver';
if (driverMode) await driver(process.argv[3]);

if (!driverMode) await compare();

async function compare() {
requireOrSkip('validate-danang', [
  [existsSync(src), `${src} not found (../shared/data is not part of the repository)`],
  [hasTool('spatialite'), 'spatialite (Debian spatialite-bin) not installed'],
  [existsSync(ENGINE), 'run `npm run build` first (build/shared/validation/validate.js missing)'],
]);

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const peerRuns = Math.max(1, Number(process.env.BENCH_PEER_RUNS ?? 1));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`  machine: ${os.cpus().length} cores, load average ${load()} (shared machine: times vary with other work)`);

// --- ParcelDesk -------------------------------------------------------------------------------
const cliHasValidate = existsSync(CLI) && cliKnowsValidate();
const ours = [];
let oursOut = null;
for (let i = 0; i < runs; i++) {
  const r = cliHasValidate
    ? // Exit status 1 means "errors remain", which is the expected outcome here.
      timed('sh', ['-c', '"$0" "$@"; [ $? -le 1 ]', process.execPath, CLI, 'validate', src, '--tolerance', '0', '--json'])
    : timed(process.execPath, [new URL(import.meta.url).pathname, '--driver', src]);
  ours.push(r);
  oursOut = summariseOurs(JSON.parse(r.stdout));
}
const oursSec = median(ours.map((r) => r.seconds));
const oursMem = Math.max(...ours.map((r) => r.peakMb ?? 0));
console.log(`  ParcelDesk via ${cliHasValidate ? 'parceldesk validate --json' : 'driver on build/shared (CLI has no validate command yet)'}`);
console.log(
  `    runs: ${ours.map((r) => r.seconds.toFixed(2)).join(', ')} s; ` +
    (cliHasValidate
      ? `read + validate as the CLI reports it ("ms"): ${oursOut.ms.toFixed(0)} ms in the last run`
      : `validate alone (engine ms): ${oursOut.ms.toFixed(0)} ms wall, ${oursOut.cpuMs.toFixed(0)} ms CPU on ${oursOut.threads} thread(s) in the last run`),
);

// --- GEOS peer via SpatiaLite -------------------------------------------------------------------
const sql = (body) => `select EnableGpkgAmphibiousMode();\n${body}\n`;
const spatialite = (body) => timed('spatialite', ['-batch', '-csv', src], { input: sql(body) });
const lastRow = (out) => out.trim().split('\n').filter((l) => /^[\d.,-]+$/.test(l)).pop().split(',').map(Number);
const parts = {
  validity: 'select count(*) from parcels where ST_IsValid(geom) = 0;',
  // R-tree join on the GeoPackage index, then GEOS on each candidate pair.
  overlaps: `select count(*), coalesce(sum(ar > 0.01), 0) from (
  select ST_Area(ST_Intersection(a.geom, b.geom)) ar from parcels a, parcels b
  where b.fid > a.fid and b.fid in (select id from rtree_parcels_geom r where r.minx <= ST_MaxX(a.geom)
    and r.maxx >= ST_MinX(a.geom) and r.miny <= ST_MaxY(a.geom) and r.maxy >= ST_MinY(a.geom))
  and ST_Overlaps(a.geom, b.geom));`,
  // Union per ward (valid parcels; GEOS refuses invalid input), interior rings = enclosed gaps.
  gaps: `select coalesce(sum(ST_NRings(u) - ST_NumGeometries(u)), 0) from (
  select ST_Union(geom) u from parcels where ST_IsValid(geom) = 1 group by MaXa);`,
};
const peer = {};
for (const [name, body] of Object.entries(parts)) {
  const rs = [];
  for (let i = 0; i < peerRuns; i++) rs.push(spatialite(body));
  peer[name] = { seconds: median(rs.map((r) => r.seconds)), peakMb: Math.max(...rs.map((r) => r.peakMb ?? 0)), row: lastRow(rs[0].stdout) };
  console.log(`  GEOS/SpatiaLite ${name.padEnd(9)}: ${peer[name].seconds.toFixed(2)} s (peak ${peer[name].peakMb.toFixed(0)} MB)`);
}
const peerSec = peer.validity.seconds + peer.overlaps.seconds + peer.gaps.seconds;
const peerMem = Math.max(peer.validity.peakMb, peer.overlaps.peakMb, peer.gaps.peakMb);

console.log('Validate Đà Nẵng 111k parcels (all rules, tolerance 0) vs GEOS validity + overlaps + gaps');
console.log(`  ParcelDesk : ${oursSec.toFixed(3)} s median of ${runs} (peak ${oursMem.toFixed(0)} MB, goal < 1536 MB)`);
console.log(`  GEOS peer  : ${peerSec.toFixed(3)} s (peak ${peerMem.toFixed(0)} MB)`);
console.log(`  speed-up   : ${(peerSec / oursSec).toFixed(2)}× faster than the peer  (goal: ≥ 5×)`);
// Issue 4 also quotes PostGIS 3.3 with a GiST index on these machines: ≈ 18.7 s for the same three
// checks, so 5× that peer is ≈ 3.7 s. Not run here (no PostgreSQL server); printed for reference.
console.log(`  vs PostGIS reference 18.7 s (issue 4): ${(18.7 / oursSec).toFixed(2)}×  (5× = ${(18.7 / 5).toFixed(2)} s)`);
console.log('  findings                          ParcelDesk   GEOS');
console.log(`    invalid parcels                 ${String(oursOut.invalid).padStart(10)}   ${String(peer.validity.row[0]).padStart(4)}`);
console.log(`    overlap pairs > 0.01 m²         ${String(oursOut.overlapsOver001).padStart(10)}   ${String(peer.overlaps.row[1]).padStart(4)}`);
console.log(`    overlapping pairs, any area     ${String(oursOut.overlaps).padStart(10)}   ${String(peer.overlaps.row[0]).padStart(4)}  (ST_Overlaps leaves out a parcel inside another)`);
console.log(`    gaps                            ${String(oursOut.gaps).padStart(10)}   ${String(peer.gaps.row[0]).padStart(4)}  (ours: enclosed regions over all parcels; peer: holes of each ward's union)`);
console.log(`  load average at the end: ${load()}`);
}

function cliKnowsValidate() {
  for (const f of ['build/electron/cli/run.js', 'build/electron/cli.js']) {
    const p = path.join(ROOT, f);
    if (existsSync(p) && /['"]validate['"]/.test(readFileSync(p, 'utf8'))) return true;
  }
  return false;
}

function summariseOurs(out) {
  const findings = out.findings ?? [];
  return {
    ms: out.ms ?? NaN,
    cpuMs: out.cpuMs ?? NaN,
    threads: out.threads ?? 1,
    invalid: out.counts?.['invalid-ring'] ?? 0,
    overlaps: out.counts?.overlap ?? 0,
    overlapsOver001: findings.filter((f) => f.rule === 'overlap' && f.area > 0.01).length,
    gaps: out.counts?.gap ?? 0,
  };
}

/** Driver mode: read the GeoPackage with the project's decoder, validate, print CLI-like JSON. */
async function driver(file) {
  const require = createRequire(path.join(ROOT, 'package.json'));
  const Database = require('better-sqlite3');
  const mod = (rel) => import(pathToFileURL(path.join(ROOT, 'build/shared', rel)).href);
  const { decodeGpkgGeometry } = await mod('geo/gpkg-geometry.js');
  const { ParcelSetBuilder } = await mod('topology/parcel-set.js');
  const { validate } = await mod('validation/validate.js');
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('select fid, geom, MaXa, SoHieuToBanDo, SoThuTuThua, KyHieuMucDichSuDung, DienTich from parcels').raw().all();
  db.close();
  const b = new ParcelSetBuilder();
  for (const [fid, blob, commune, sheet, parcel, landType, area] of rows) {
    const g = blob ? decodeGpkgGeometry(blob).geometry : null;
    const geom = g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
    b.add(Number(fid), geom, { communeCode: commune, sheetNo: sheet, parcelNo: parcel, landType, areaLegal: area });
  }
  // Two cores when the build has the parallel runner (per-parcel rules in a worker beside the graph).
  const parallelJs = path.join(ROOT, 'build/electron/services/validation-engine/parallel.js');
  const parallel = existsSync(parallelJs) && process.env.BENCH_SINGLE_THREAD !== '1' ? (await import(pathToFileURL(parallelJs).href)).validateParallel : null;
  const set = b.build();
  const cpu0 = process.cpuUsage();
  const r = parallel ? await parallel(set, { tolerance: 0 }) : validate(set, { tolerance: 0 });
  const cpu = process.cpuUsage(cpu0);
  // Only what the comparison needs: the overlap findings with their area.
  const findings = r.findings.filter((f) => f.rule === 'overlap').map((f) => ({ rule: f.rule, area: f.area }));
  process.stdout.write(JSON.stringify({ parcels: r.parcels, ms: r.ms, cpuMs: (cpu.user + cpu.system) / 1000, threads: parallel ? 2 : 1, counts: r.counts, findings }));
}
