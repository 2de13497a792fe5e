/**
 * The choice rule "Hỏi tôi" end to end on the sample project: validate, pick "Hỏi tôi" for a gap,
 * see its candidate parcels with their measures, move to the second one with the arrow key (the map
 * outlines it), apply it with Enter, check the gap is gone and the parcel grew, then undo with Ctrl+Z;
 * and "fix all" of the overlaps stepping through them (skip one, choose the next).
 * Screenshots go to test-results/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingItem, RepairCandidates } from '../../shared/ipc/validation.js';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

interface CandidateLayer {
  getSource(): { getFeatures(): Array<{ getGeometry(): { getExtent(): number[] } }> };
}

describe.skipIf(skip !== null)(`"Hỏi tôi" repair picker in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;
  let gap: FindingItem;
  let offered: RepairCandidates;

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
  const picker = () => s.page.getByRole('dialog', { name: /^Chọn thửa nhận phần lỗi/ });
  const options = () => picker().getByRole('listbox', { name: 'Các thửa có thể nhận vùng lỗi' }).getByRole('option');
  const candidateExtent = () =>
    s.page.evaluate(() => {
      const layer = window.__parceldesk!.map
        .getLayers()
        .getArray()
        .find((l) => l.get('name') === 'finding-candidate') as unknown as CandidateLayer | undefined;
      const features = layer?.getSource().getFeatures() ?? [];
      return features.length === 1 ? features[0].getGeometry().getExtent() : null;
    });
  const gapShown = async () => (await s.service.findings({ rule: 'gap', limit: 5000 })).items.some((f) => f.fingerprint === gap.fingerprint);

  it('validates the sample and finds a gap whose second candidate can take it', async () => {
    await s.page.getByRole('button', { name: 'Kiểm tra topology và thuộc tính toàn dự án' }).click();
    await expect.poll(async () => (await s.service.findings({})).validated, { timeout: 120_000 }).toBe(true);
    const gaps = (await s.service.findings({ rule: 'gap' })).items;
    expect(gaps.length).toBeGreaterThan(0);
    for (const f of gaps) {
      const c = await s.service.repairCandidates({ fingerprint: f.fingerprint });
      if (c.candidates[1]?.ok) {
        gap = f;
        offered = c;
        break;
      }
    }
    expect(gap).toBeDefined();
  });

  it('"Hỏi tôi" lists the candidates with their measures, the map outlines the focused one', async () => {
    await panel().getByLabel('Loại lỗi').selectOption('gap');
    const parcels = gap.parcels.map((f) => `#${f}`).join(', ');
    await panel()
      .getByRole('button', { name: new RegExp(`^Lỗi Khe hở, thửa ${parcels},`) })
      .click();
    await panel().getByLabel('Thửa nhận phần lỗi').selectOption('ask');
    await panel().getByRole('button', { name: 'Sửa lỗi này' }).click();

    await expect.poll(() => options().count(), { timeout: 30_000 }).toBe(offered.candidates.length);
    const first = offered.candidates[0];
    const second = offered.candidates[1];
    // Each option names the parcel and its measures; the first is active and outlined.
    const firstLabel = await options().nth(0).getAttribute('aria-label');
    expect(firstLabel).toContain(`Tờ ${first.sheet}, thửa ${first.parcelNo}`);
    expect(firstLabel).toContain(`ranh giới chung ${first.sharedBoundary.toFixed(2)} m`);
    expect(firstLabel).toContain(`diện tích ${first.area!.toFixed(2)} m² thành ${first.areaAfter!.toFixed(2)} m²`);
    expect(await options().nth(0).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => candidateExtent()).not.toBeNull();
    const firstExtent = await candidateExtent();
    // A candidate failing the checks says why.
    for (const [i, c] of offered.candidates.entries()) {
      if (!c.ok) {
        expect(await options().nth(i).getAttribute('aria-disabled')).toBe('true');
        expect(await options().nth(i).textContent()).toContain(c.reason!);
      }
    }
    await s.screenshot('picker-01-candidates');

    // Arrow down: the second candidate becomes active and the outline moves to it.
    await s.page.keyboard.press('ArrowDown');
    await expect.poll(() => options().nth(1).getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => JSON.stringify(await candidateExtent())).not.toBe(JSON.stringify(firstExtent));
    const secondLabel = await options().nth(1).getAttribute('aria-label');
    expect(secondLabel).toContain(`Tờ ${second.sheet}, thửa ${second.parcelNo}`);
    await s.screenshot('picker-02-second');
  });

  it('Enter gives the gap to the second candidate as one command, Ctrl+Z takes it back', async () => {
    const second = offered.candidates[1];
    const before = (await s.service.getParcel({ fid: second.fid })).area;
    expect(before).toBe(second.area);
    await s.page.keyboard.press('Enter');
    await expect.poll(() => picker().count()).toBe(0);
    await expect.poll(() => gapShown()).toBe(false);
    const after = (await s.service.getParcel({ fid: second.fid })).area!;
    expect(after).toBeCloseTo(second.areaAfter!, 4);
    expect(after).toBeGreaterThan(before!);
    // The list followed (incremental re-validation): the finding's button is gone.
    const parcels = gap.parcels.map((f) => `#${f}`).join(', ');
    await expect.poll(() => panel().getByRole('button', { name: new RegExp(`^Lỗi Khe hở, thửa ${parcels},`) }).count()).toBe(0);
    expect((await s.service.history({})).undoLabel).toBeTruthy();
    await s.screenshot('picker-03-applied');

    await s.page.keyboard.press('Control+z');
    await expect.poll(() => gapShown()).toBe(true);
    expect((await s.service.getParcel({ fid: second.fid })).area).toBe(before);
    await expect.poll(() => panel().getByRole('button', { name: new RegExp(`^Lỗi Khe hở, thửa ${parcels},`) }).count()).toBe(1);
  });

  it('"Sửa tất cả lỗi loại này" with Hỏi tôi steps through the findings: skip one, choose the next, each its own undo step', async () => {
    await panel().getByLabel('Loại lỗi').selectOption('overlap');
    const overlaps = (await s.service.findings({ rule: 'overlap' })).items;
    expect(overlaps.length).toBeGreaterThanOrEqual(2);
    await panel().getByRole('button', { name: /^Lỗi Chồng lấn, thửa/ }).first().click();
    // The choice is remembered: still "Hỏi tôi".
    expect(await panel().getByLabel('Thửa nhận phần lỗi').inputValue()).toBe('ask');
    await panel().getByRole('button', { name: 'Sửa tất cả lỗi loại này' }).click();
    const preview = s.page.getByRole('dialog', { name: 'Sửa tất cả lỗi Chồng lấn' });
    await preview.getByRole('button', { name: `Chọn lần lượt (${overlaps.length} lỗi)` }).click();

    await expect.poll(() => picker().getByText(`Lỗi 1/${overlaps.length}`).count()).toBe(1);
    await expect.poll(() => options().count()).toBe(2);
    await picker().getByRole('button', { name: 'Bỏ qua lỗi này' }).click();
    await expect.poll(() => picker().getByText(`Lỗi 2/${overlaps.length}`).count()).toBe(1);
    await expect.poll(() => options().count()).toBe(2);
    const second = (await s.service.repairCandidates({ fingerprint: overlaps[1].fingerprint })).candidates[1];
    expect(second.ok).toBe(true);
    await options().nth(1).click();
    await picker().getByRole('button', { name: 'Áp dụng cho thửa đã chọn' }).click();
    await expect.poll(async () => (await s.service.findings({ rule: 'overlap' })).total).toBe(overlaps.length - 1);
    expect((await s.service.findings({ rule: 'overlap' })).items.map((f) => f.fingerprint)).toContain(overlaps[0].fingerprint);
    // The overlap was cut from the other parcel of the finding; the chosen one kept it.
    const other = overlaps[1].parcels.find((fid) => fid !== second.fid)!;
    const cut = second.changes.find((ch) => ch.fid === other)!;
    expect((await s.service.getParcel({ fid: other })).area).toBeCloseTo(cut.areaAfter!, 4);
    if (overlaps.length === 2) {
      await expect.poll(() => picker().count()).toBe(0);
      await expect.poll(() => s.page.getByText('Chọn lần lượt xong: đã sửa 1 lỗi, bỏ qua 1.').count()).toBe(1);
    } else {
      await picker().getByRole('button', { name: 'Dừng' }).click();
    }
    await s.screenshot('picker-04-step-through');
    await s.page.getByRole('button', { name: /^Hoàn tác/ }).click();
    await expect.poll(async () => (await s.service.findings({ rule: 'overlap' })).total).toBe(overlaps.length);
    expect((await s.service.getParcel({ fid: other })).area).toBe(cut.areaBefore);
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
