// Issue 2 benchmark: open the imported 111k-parcel Đà Nẵng project in the app (the real renderer in
// Debian Chromium, the real services behind the loopback bridge) and time it to the first full
// render of every parcel. Goal: under 3 s. For scale, GDAL reading all geometry of the same project
// (ogr2ogr to a GeoJSON file) is timed beside it.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT, data, hasTool, requireOrSkip, timed, tmp } from './lib.mjs';

const src = data('vn-danang/danang_parcels_vn2000_epsg5899.gpkg');
const CHROMIUM = process.env.PARCELDESK_CHROMIUM ?? '/usr/bin/chromium';
requireOrSkip('render-danang', [
  [existsSync(src), `${src} not found (../shared/data is not part of the repository)`],
  [existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`],
  [existsSync(path.join(ROOT, 'build/renderer/index.html')) && existsSync(CLI), 'run `npm run build` first'],
  [hasTool('ogr2ogr'), 'ogr2ogr (Debian gdal-bin) not installed'],
]);

const { chromium } = await import('playwright-core');
const { createAppService } = await import(path.join(ROOT, 'build/electron/services/app-service.js'));
const { startWebServer } = await import(path.join(ROOT, 'build/electron/web/server.js'));

const dir = tmp();
const project = path.join(dir, 'danang.gpkg');
timed(process.execPath, [CLI, 'import', src, '--project', project, '--json']);
const peer = timed('ogr2ogr', ['-f', 'GeoJSON', path.join(dir, 'read.geojson'), project, 'parcels']);

const service = createAppService({ userDataDir: mkdtempSync(path.join(os.tmpdir(), 'pd-bench-')), shell: 'web' });
await service.openProject({ path: project });
const info = await service.projectInfo({});
const server = await startWebServer({ api: service, staticDir: path.join(ROOT, 'build/renderer') });
const context = await chromium.launchPersistentContext(mkdtempSync(path.join(os.tmpdir(), 'pd-bench-chromium-')), {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1440, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const t0 = process.hrtime.bigint();
  await page.goto(server.url);
  await page.waitForFunction((n) => window.__parceldesk?.loadedParcels() === n, info.parcels, { timeout: 120_000, polling: 20 });
  await page.evaluate(() => new Promise((resolve) => {
    const map = window.__parceldesk.map;
    // Resolve with nothing: returning OpenLayers' event would make Playwright serialise the whole map.
    map.once('rendercomplete', () => resolve(true));
    map.render();
  }));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`Open Đà Nẵng project (${info.parcels} parcels) to first full render`);
  console.log(`  ParcelDesk : ${seconds.toFixed(3)} s  (goal: under 3 s)`);
  console.log(`  ogr2ogr    : ${peer.seconds.toFixed(3)} s  (GDAL reading every geometry of the same project, for scale)`);
  console.log(`  ratio      : ${(seconds / peer.seconds).toFixed(2)}×`);
} finally {
  await context.close();
  await server.close();
  service.dispose();
}
