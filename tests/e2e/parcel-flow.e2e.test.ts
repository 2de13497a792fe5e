/**
 * The first user flow, end to end: the sample project opens by itself, the status bar shows its parcel
 * count, a parcel is found by sheet + number, another is clicked on the map, its address is edited and
 * saved (one command: changed in the project, one audit row), Ctrl+Z reverts it in the UI and in the
 * project, and the UI switches to English. Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParcelSummary } from '../../shared/ipc/contract.js';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

describe.skipIf(skip !== null)(`parcel flow in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
  });
  afterAll(async () => {
    await s?.close();
  });

  const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

  it('opens the sample project and shows its parcel count', async () => {
    const count = s.page.getByLabel('Tổng số thửa');
    await expect.poll(async () => digits(await count.textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
    const info = await s.service.projectInfo({});
    expect(info).not.toBeNull();
    expect(info!.sample).toBe(true);
    expect(digits(await count.textContent())).toBe(info!.parcels);
    await waitForParcels(s.page, info!.parcels);
    // The sheet list names every sheet with its parcel count.
    for (const sheet of info!.sheets.slice(0, 3)) {
      await expect.poll(() => s.page.getByRole('button', { name: `Phóng tới tờ ${sheet.sheet} (${sheet.parcels} thửa)` }).count()).toBe(1);
    }
    await s.screenshot('01-sample-project');
  });

  let target: ParcelSummary;
  let other: ParcelSummary;

  it('finds a parcel by sheet and parcel number', async () => {
    const info = (await s.service.projectInfo({}))!;
    // A parcel whose (sheet, number) is unique, so the search lands on it directly.
    let found: ParcelSummary | undefined;
    for (const sheet of info.sheets) {
      const candidates = await s.service.searchParcels({ sheet: sheet.sheet, limit: 500 });
      for (const c of candidates) {
        if (!c.parcel_no) continue;
        const same = await s.service.searchParcels({ sheet: sheet.sheet, parcelNo: c.parcel_no, limit: 5 });
        if (same.length === 1) {
          found = c;
          break;
        }
      }
      if (found) break;
    }
    expect(found, 'the sample project has a parcel with a unique sheet/number').toBeDefined();
    target = found!;

    const search = s.page.getByRole('form', { name: 'Tìm thửa' });
    await search.getByLabel('Số tờ').fill(target.sheet_no!);
    await search.getByLabel('Số thửa').fill(target.parcel_no!);
    await search.getByRole('button', { name: 'Tìm' }).click();

    const form = s.page.getByRole('form', { name: 'Thuộc tính thửa đất' });
    await expect.poll(() => form.getByText(`Tờ ${target.sheet_no}, thửa ${target.parcel_no}`).count()).toBe(1);
    await expect.poll(() => form.getByLabel('Số thửa').inputValue()).toBe(target.parcel_no);
  });

  it('selects another parcel by clicking it on the map', async () => {
    // Any other parcel of the same sheet that is on screen after the zoom to the found one.
    const sameSheet = await s.service.searchParcels({ sheet: target.sheet_no!, limit: 500 });
    const map = s.page.getByRole('application', { name: 'Bản đồ thửa đất' });
    const box = (await map.boundingBox())!;
    let pixel: [number, number] | null = null;
    for (const c of sameSheet) {
      if (c.fid === target.fid || !c.parcel_no) continue;
      const px = await s.page.evaluate((fid) => window.__parceldesk!.parcelPixel(fid), c.fid);
      if (px && px[0] > 40 && px[1] > 40 && px[0] < box.width - 40 && px[1] < box.height - 40) {
        other = c;
        pixel = px;
        break;
      }
    }
    expect(pixel, 'a neighbouring parcel is visible on the map').not.toBeNull();
    await s.page.mouse.click(box.x + pixel![0], box.y + pixel![1]);
    const form = s.page.getByRole('form', { name: 'Thuộc tính thửa đất' });
    await expect.poll(() => form.getByText(`Mã đối tượng: ${other.fid}`).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => form.getByLabel('Số tờ').inputValue()).toBe(other.sheet_no);
  });

  it('edits the address through one command with an audit row, and Ctrl+Z reverts it', async () => {
    const before = await s.service.getParcel({ fid: other.fid });
    const form = s.page.getByRole('form', { name: 'Thuộc tính thửa đất' });
    const address = form.getByLabel('Địa chỉ');
    const newAddress = `Thôn Đông Hòa, xã kiểm thử ${Date.now() % 10000}`;
    await address.fill(newAddress);
    await form.getByRole('button', { name: 'Lưu' }).click();

    await expect.poll(async () => (await s.service.getParcel({ fid: other.fid })).address, { timeout: 20_000 }).toBe(newAddress);
    const afterSave = await s.service.auditLog({ limit: 5 });
    expect(afterSave[0].parcels).toContain(other.fid);
    expect(afterSave[0].undone).toBe(false);
    await expect.poll(() => s.page.getByRole('button', { name: 'Hoàn tác' }).isEnabled()).toBe(true);
    await s.screenshot('02-address-saved');

    // Focus is on the Save button, not in a text field, so Ctrl+Z is the app's undo.
    await s.page.keyboard.press('Control+z');
    await expect.poll(async () => (await s.service.getParcel({ fid: other.fid })).address, { timeout: 20_000 }).toBe(before.address);
    await expect.poll(() => address.inputValue()).toBe(before.address ?? '');
    const afterUndo = await s.service.auditLog({ limit: 5 });
    expect(afterUndo[0].undone).toBe(true);
    expect(afterUndo[0].parcels).toContain(other.fid);
    await s.screenshot('03-after-undo');

    // Ctrl+Y brings the edit back.
    await s.page.keyboard.press('Control+y');
    await expect.poll(async () => (await s.service.getParcel({ fid: other.fid })).address, { timeout: 20_000 }).toBe(newAddress);
    await expect.poll(() => address.inputValue()).toBe(newAddress);
  });

  it('switches the interface to English', async () => {
    await s.page.getByLabel('Ngôn ngữ').selectOption('en');
    const form = s.page.getByRole('form', { name: 'Parcel attributes' });
    await expect.poll(() => form.getByLabel('Address').count()).toBe(1);
    await expect.poll(() => form.getByRole('button', { name: 'Save' }).count()).toBe(1);
    await expect.poll(() => s.page.getByRole('button', { name: 'Undo' }).count()).toBe(1);
    await expect.poll(() => s.page.getByLabel('Total parcels').count()).toBe(1);
    expect(await s.page.getByRole('button', { name: 'Lưu' }).count()).toBe(0);
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await s.screenshot('04-english');
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
