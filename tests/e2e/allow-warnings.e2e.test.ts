/**
 * The fix-all dialog's opt-in "Cho phép tạo cảnh báo" end to end on the sample project: the gaps only
 * an area mismatch stands in the way of are listed as not fixable; ticking the checkbox previews again
 * with the new warnings listed, and applying closes every gap, the warnings showing up as findings.
 * Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

describe.skipIf(skip !== null)(`fix all with new warnings allowed, in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
    for (let i = 0; i < 600 && !(await s.service.projectInfo({}))?.sample; i++) await new Promise((r) => setTimeout(r, 100));
    const info = await s.service.projectInfo({});
    expect(info?.sample).toBe(true);
    await waitForParcels(s.page, info!.parcels);
  });
  afterAll(async () => {
    await s?.close();
  });

  const panel = () => s.page.getByRole('region', { name: 'Lỗi kiểm tra' });
  const preview = () => s.page.getByRole('dialog', { name: 'Sửa tất cả lỗi Khe hở' });
  const allow = () => preview().getByRole('checkbox', { name: 'Cho phép tạo cảnh báo (gai, lệch diện tích, thửa mảnh)' });

  it('lists the gaps no clean repair can close; the checkbox is off', async () => {
    await s.page.getByRole('button', { name: 'Kiểm tra topology và thuộc tính toàn dự án' }).click();
    await expect.poll(async () => (await s.service.findings({})).validated, { timeout: 120_000 }).toBe(true);
    expect((await s.service.findings({ rule: 'gap' })).total).toBeGreaterThan(0);
    await panel().getByLabel('Loại lỗi').selectOption('gap');
    await panel().getByRole('button', { name: /^Lỗi Khe hở, thửa/ }).first().click();
    await panel().getByRole('button', { name: 'Sửa tất cả lỗi loại này' }).click();
    await expect.poll(() => allow().count()).toBe(1);
    expect(await allow().isChecked()).toBe(false);
    await expect.poll(() => preview().getByText(/lỗi không sửa tự động được$/).count()).toBe(1);
    expect(await preview().getByText(/cảnh báo mới sẽ được tạo$/).count()).toBe(0);
  });

  it('ticking it previews again with the new warnings listed; applying closes every gap', async () => {
    await allow().check();
    await expect.poll(() => preview().getByRole('list', { name: /cảnh báo mới sẽ được tạo$/ }).count()).toBe(1);
    const listed = await preview().getByRole('list', { name: /cảnh báo mới sẽ được tạo$/ }).getByRole('listitem').allTextContents();
    expect(listed.length).toBeGreaterThan(0);
    for (const line of listed) expect(line).toMatch(/#\d+: Diện tích tính của thửa/);
    expect(await preview().getByText(/lỗi không sửa tự động được$/).count()).toBe(0);
    await s.screenshot('allow-warnings-01-preview');
    await preview().getByRole('button', { name: 'Áp dụng' }).click();
    await expect.poll(async () => (await s.service.findings({ rule: 'gap' })).total).toBe(0);
    const warned = Number(/#(\d+):/.exec(listed[0])![1]);
    const mismatches = (await s.service.findings({ rule: 'area-mismatch', limit: 500 })).items;
    expect(mismatches.some((f) => f.parcels.includes(warned))).toBe(true);
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
