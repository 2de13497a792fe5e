/**
 * Import from the window, as a user in the browser shell does it: the in-app file browser (no native
 * dialog there), the preview with auto-detected field mapping, the central-meridian picker for a file
 * without CRS, the job with its result, and a broken file reported by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

/** Six 20 × 25 m parcels east of the project extent, with the usual Vietnamese field names, no CRS. */
function writeSheet(dir: string, extent: [number, number, number, number]): string {
  const x0 = extent[2] + 200;
  const y0 = extent[3] - 100;
  const features = [];
  for (let i = 0; i < 6; i++) {
    const x = x0 + (i % 3) * 20;
    const y = y0 - Math.floor(i / 3) * 25;
    features.push({
      type: 'Feature',
      properties: { MaXa: '99999', SoHieuToBanDo: '77', SoThuTuThua: String(i + 1), KyHieuMucDichSuDung: i % 2 ? 'ONT' : 'LUC', DienTich: 500 },
      geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 20, y], [x + 20, y - 25], [x, y - 25], [x, y]]] },
    });
  }
  const file = path.join(dir, 'to-77-xa-moi.geojson');
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  writeFileSync(path.join(dir, 'hong.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feat');
  return file;
}

describe.skipIf(skip !== null)(`import dialog in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;
  let dir: string;

  beforeAll(async () => {
    s = await openSession();
    dir = mkdtempSync(path.join(os.tmpdir(), 'parceldesk-e2e-import-'));
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function browseTo(fileName: string) {
    await s.page.getByRole('button', { name: 'Nhập dữ liệu…' }).click();
    const browser = s.page.getByRole('dialog', { name: 'Chọn tệp để nhập' });
    await browser.getByRole('textbox', { name: 'Thư mục' }).fill(dir);
    await browser.getByRole('button', { name: 'Đi tới' }).click();
    await browser.getByRole('button', { name: new RegExp(`^Tệp ${fileName.replace('.', '\\.')} `) }).click();
    await browser.getByRole('button', { name: 'Chọn', exact: true }).click();
  }

  it('imports a GeoJSON sheet without CRS after the user picks the central meridian', async () => {
    await expect.poll(async () => (await s.service.projectInfo({}))?.parcels ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    const before = (await s.service.projectInfo({}))!;
    await waitForParcels(s.page, before.parcels);
    writeSheet(dir, before.extent!);

    await browseTo('to-77-xa-moi.geojson');
    const dialog = s.page.getByRole('dialog', { name: 'Nhập bản đồ địa chính' });
    // Auto-detected mapping from the Vietnamese field names.
    await expect.poll(() => dialog.getByRole('combobox', { name: 'Số thửa', exact: true }).inputValue(), { timeout: 20_000 }).toBe('SoThuTuThua');
    expect(await dialog.getByRole('combobox', { name: 'Số tờ', exact: true }).inputValue()).toBe('SoHieuToBanDo');
    expect(await dialog.getByRole('combobox', { name: 'Loại đất', exact: true }).inputValue()).toBe('KyHieuMucDichSuDung');

    // No CRS in the file: the meridian picker offers the project's zone among all VN-2000 zones.
    const meridian = dialog.getByRole('combobox', { name: 'Kinh tuyến trục (múi VN-2000)' });
    await meridian.selectOption(before.crs);
    await s.screenshot('10-import-preview');
    await dialog.getByRole('button', { name: 'Bắt đầu nhập' }).click();

    await expect.poll(() => dialog.getByText(/^Đã nhập 6 thửa từ 1 tệp/).count(), { timeout: 60_000 }).toBe(1);
    await s.screenshot('11-import-done');
    await dialog.getByRole('button', { name: 'Đóng' }).click();

    const after = (await s.service.projectInfo({}))!;
    expect(after.parcels).toBe(before.parcels + 6);
    expect(after.sheets.find((x) => x.sheet === '77')?.parcels).toBe(6);
    await waitForParcels(s.page, after.parcels);
    const shown = await s.page.getByLabel('Tổng số thửa').textContent();
    expect(Number((shown ?? '').replace(/\D/g, ''))).toBe(after.parcels);
    await expect.poll(() => s.page.getByRole('button', { name: 'Phóng tới tờ 77 (6 thửa)' }).count()).toBe(1);
  });

  it('reports a broken file by name and leaves the project unchanged', async () => {
    const before = (await s.service.projectInfo({}))!.parcels;
    await browseTo('hong.geojson');
    const dialog = s.page.getByRole('dialog', { name: 'Nhập bản đồ địa chính' });
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
    expect(await alert.textContent()).toContain('hong.geojson');
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    expect((await s.service.projectInfo({}))!.parcels).toBe(before);
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
