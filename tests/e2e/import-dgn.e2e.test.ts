/**
 * Importing a drawn DGN sheet from the window: the file browser, the level-profile step (levels with
 * counts and role dropdowns, saving the project's profile), the build result, the parcels on the
 * map, and the "Lỗi dựng thửa" list whose entries zoom the map to the finding.
 * The sheet is written by the project's own fixture writer from the synthetic commune.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCommune } from '../../shared/sample/synthetic-commune.js';
import { communeToDgnElements, writeDgnV7 } from '../fixtures/dgn-writer.js';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

/** A 1:500 sheet east of the project, two parcels left without a number, a road line on level 24. */
function writeSheet(dir: string, extent: [number, number, number, number]): { file: string; parcels: number } {
  const origin: [number, number] = [Math.ceil(extent[2] + 300), Math.floor(extent[1])];
  const commune = generateCommune({ sheets: 1, scale: 500, parcelsPerSheet: 40, seed: 5, origin, errors: { missingNumbers: 2 } });
  const elements = communeToDgnElements(commune);
  elements.push({ kind: 'linestring', level: 24, points: [[origin[0] + 5, origin[1] + 5], [origin[0] + 120, origin[1] + 5]] });
  const file = path.join(dir, 'to-9-xa-moi.dgn');
  writeFileSync(file, writeDgnV7(elements, { globalOrigin: [origin[0] - 1000, origin[1] - 1000] }));
  return { file, parcels: commune.parcels.length };
}

describe.skipIf(skip !== null)(`DGN sheet import in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;
  let dir: string;

  beforeAll(async () => {
    s = await openSession();
    dir = mkdtempSync(path.join(os.tmpdir(), 'parceldesk-e2e-dgn-'));
  });
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('imports the sheet through the level profile step and lists the build findings', async () => {
    await expect.poll(async () => (await s.service.projectInfo({}))?.parcels ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    const before = (await s.service.projectInfo({}))!;
    await waitForParcels(s.page, before.parcels);
    const { parcels } = writeSheet(dir, before.extent!);

    await s.page.getByRole('button', { name: 'Nhập dữ liệu…' }).click();
    const browser = s.page.getByRole('dialog', { name: 'Chọn tệp để nhập' });
    await browser.getByRole('textbox', { name: 'Thư mục' }).fill(dir);
    await browser.getByRole('button', { name: 'Đi tới' }).click();
    await browser.getByRole('button', { name: /^Tệp to-9-xa-moi\.dgn / }).click();
    await browser.getByRole('button', { name: 'Chọn', exact: true }).click();

    const dialog = s.page.getByRole('dialog', { name: 'Nhập bản đồ địa chính' });
    const role = (level: string) => dialog.getByRole('combobox', { name: `Vai trò của level ${level}`, exact: true });
    await expect.poll(() => role('10').count(), { timeout: 20_000 }).toBe(1);
    // The project has no profile yet: the default one (circular 25/2014) fits the sheet.
    expect(await role('10').inputValue()).toBe('boundary');
    expect(await role('13').inputValue()).toBe('parcelNo');
    expect(await role('63').inputValue()).toBe('frame');
    expect(await role('24').inputValue()).toBe('reference');
    expect(await dialog.getByRole('row', { name: /^13 / }).textContent()).toContain(String(parcels));

    // The technician drops the road level and keeps the profile as the project's own.
    await role('24').selectOption('ignore');
    await dialog.getByRole('textbox', { name: 'Tên hồ sơ' }).fill('xa-moi');
    await dialog.getByRole('button', { name: 'Lưu làm hồ sơ của dự án' }).click();
    await expect.poll(() => dialog.getByText('Đã lưu hồ sơ level xa-moi vào dự án.').count()).toBe(1);
    expect((await s.service.listLevelProfiles({})).current).toBe('xa-moi');

    await dialog.getByRole('combobox', { name: 'Kinh tuyến trục (múi VN-2000)' }).selectOption(before.crs);
    await dialog.getByRole('textbox', { name: 'Số tờ (nếu tệp không có)' }).fill('9');
    await s.screenshot('20-import-dgn-profile');
    await dialog.getByRole('button', { name: 'Bắt đầu nhập' }).click();

    await expect.poll(() => dialog.getByText(new RegExp(`^Đã nhập ${parcels} thửa từ 1 tệp`)).count(), { timeout: 60_000 }).toBe(1);
    expect(await dialog.getByText(new RegExp(`dựng được ${parcels} thửa \\(hồ sơ xa-moi, tờ 9\\)`)).count()).toBe(1);
    expect(await dialog.getByText(/Lỗi dựng thửa: Vùng không có nhãn 2/).count()).toBe(1);
    await s.screenshot('21-import-dgn-done');
    await dialog.getByRole('button', { name: 'Đóng' }).click();

    const after = (await s.service.projectInfo({}))!;
    expect(after.parcels).toBe(before.parcels + parcels);
    await waitForParcels(s.page, after.parcels);
    const shown = await s.page.getByLabel('Tổng số thửa').textContent();
    expect(Number((shown ?? '').replace(/\D/g, ''))).toBe(after.parcels);

    // The build findings list: click a face without a label → the map shows it.
    const list = s.page.getByRole('list', { name: 'Danh sách lỗi dựng thửa' });
    const unlabeled = list.getByRole('button', { name: /^Phóng tới lỗi Vùng không có nhãn/ });
    await expect.poll(() => unlabeled.count(), { timeout: 20_000 }).toBe(2);
    const finding = (await s.service.buildFindings({})).rows.find((r) => r.rule === 'unlabeled-face')!;
    const resolutionBefore = await s.page.evaluate(() => window.__parceldesk!.resolution()!);
    await unlabeled.first().click();
    await expect
      .poll(
        () =>
          s.page.evaluate(([x, y]) => {
            const c = window.__parceldesk!.map.getView().getCenter()!;
            return Math.hypot(c[0] - x, c[1] - y);
          }, [finding.x, finding.y]),
        { timeout: 10_000 },
      )
      .toBeLessThan(30);
    expect(await s.page.evaluate(() => window.__parceldesk!.resolution()!)).toBeLessThan(resolutionBefore);
    expect(await unlabeled.first().getAttribute('aria-pressed')).toBe('true');
    await s.screenshot('22-build-finding-zoom');
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
