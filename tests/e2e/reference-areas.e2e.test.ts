/**
 * Sheet frames and the commune boundary on the map, end to end on the sample project: the layer panel
 * switches them (the frames layer toggled off and on), the frames carry their sheet number when zoomed
 * in, validation finds the sample's parcel drawn across its sheet line and a click on that finding
 * zooms the map to it, and frames loaded later from the import dialog appear without a reload.
 * Screenshots go to test-results/e2e/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, openSession, waitForParcels, type Session } from './harness.js';

const skip = e2eSkipReason();

/** What the page reports about one of the frame/boundary layers (found by its `name`). */
interface LayerState {
  visible: boolean;
  features: number;
  /** Texts the layer's style writes for its first feature at the given resolution. */
  texts: string[];
}

describe.skipIf(skip !== null)(`sheet frames and commune boundary in the browser${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
    await s.page.waitForFunction(() => (window.__parceldesk?.loadedParcels() ?? 0) > 0, undefined, { timeout: 60_000 });
    const info = (await s.service.projectInfo({}))!;
    expect(info.sample).toBe(true);
    await waitForParcels(s.page, info.parcels);
  });
  let dir: string;
  afterAll(async () => {
    await s?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const layerState = (name: string, resolution = 1): Promise<LayerState | null> =>
    s.page.evaluate(
      ({ name, resolution }) => {
        type Feature = { get(key: string): unknown };
        type TextStyle = { getText(): { getText(): unknown } | null };
        const layer = window.__parceldesk!.map
          .getLayers()
          .getArray()
          .find((l) => l.get('name') === name) as unknown as
          | {
              getVisible(): boolean;
              getSource(): { getFeatures(): Feature[] };
              getStyleFunction(): (f: Feature, r: number) => TextStyle | TextStyle[] | undefined;
            }
          | undefined;
        if (!layer) return null;
        const features = layer.getSource().getFeatures();
        const styled = features.length ? layer.getStyleFunction()(features[0], resolution) : undefined;
        const styles = styled === undefined ? [] : Array.isArray(styled) ? styled : [styled];
        const texts = styles.map((st) => st.getText()?.getText()).filter((t): t is string => typeof t === 'string');
        return { visible: layer.getVisible(), features: features.length, texts };
      },
      { name, resolution },
    );

  const panel = () => s.page.getByRole('region', { name: 'Lớp bản đồ' });

  it('shows the sample’s four sheet frames and its commune boundary, each with a switch in the layer panel', async () => {
    const frames = panel().getByRole('checkbox', { name: 'Khung tờ bản đồ' });
    const boundary = panel().getByRole('checkbox', { name: 'Địa giới hành chính xã' });
    await expect.poll(() => frames.count()).toBe(1);
    await expect.poll(() => boundary.count()).toBe(1);
    expect(await frames.isChecked()).toBe(true);
    expect(await boundary.isChecked()).toBe(true);
    const expected = (await s.service.getReferenceAreas({})).frames.length;
    expect(expected).toBe(4);
    await expect.poll(async () => (await layerState('sheet-frames'))?.features, { timeout: 30_000 }).toBe(expected);
    await expect.poll(async () => (await layerState('commune-boundary'))?.features).toBe(1);
    expect((await layerState('sheet-frames'))!.visible).toBe(true);
    expect((await layerState('commune-boundary'))!.visible).toBe(true);
    await s.screenshot('reference-01-commune');
  });

  it('writes the sheet number on a frame only when zoomed in', async () => {
    const near = await layerState('sheet-frames', 1);
    expect(near!.texts).toHaveLength(1);
    expect(near!.texts[0]).toMatch(/^Tờ \d+$/);
    expect((await layerState('sheet-frames', 10))!.texts).toEqual([]);
    // Zoomed to the corner where four sheets meet, for the record.
    const info = (await s.service.projectInfo({}))!;
    const [x0, y0, x1, y1] = info.extent!;
    await s.page.evaluate(
      ({ c }) => {
        const view = window.__parceldesk!.map.getView();
        view.setCenter(c);
        view.setResolution(0.8);
      },
      { c: [(x0 + x1) / 2, (y0 + y1) / 2] },
    );
    await s.screenshot('reference-02-sheet-corner');
  });

  it('the frames switch hides and shows the frames layer, and leaves the boundary alone', async () => {
    const frames = panel().getByRole('checkbox', { name: 'Khung tờ bản đồ' });
    await frames.uncheck();
    await expect.poll(async () => (await layerState('sheet-frames'))!.visible).toBe(false);
    expect((await layerState('commune-boundary'))!.visible).toBe(true);
    expect(await frames.isChecked()).toBe(false);
    await s.screenshot('reference-03-frames-off');
    await frames.check();
    await expect.poll(async () => (await layerState('sheet-frames'))!.visible).toBe(true);
  });

  it('validation finds the parcel drawn across its sheet line; a click zooms the map to it', async () => {
    const findings = s.page.getByRole('region', { name: 'Lỗi kiểm tra' });
    await s.page.getByRole('button', { name: 'Kiểm tra topology và thuộc tính toàn dự án' }).click();
    await expect.poll(async () => (await s.service.findings({})).validated, { timeout: 120_000 }).toBe(true);
    const crossing = (await s.service.findings({ rule: 'crosses-sheet' })).items;
    expect(crossing).toHaveLength(1);
    const gaps = (await s.service.findings({ rule: 'gap' })).items;
    expect(gaps.filter((g) => (g.detail as { where?: string } | undefined)?.where === 'boundary')).toHaveLength(1);

    await findings.getByLabel('Loại lỗi').selectOption('crosses-sheet');
    const list = s.page.getByRole('list', { name: 'Danh sách lỗi' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(1);
    const button = list.getByRole('button', { name: /^Cảnh báo Thửa vượt khung tờ bản đồ, thửa #\d+/ });
    expect(await button.count()).toBe(1);

    // Out to the whole commune first, so the zoom to the finding is a real change of view.
    await s.page.getByRole('toolbar').getByRole('button', { name: 'Toàn dự án', exact: true }).click();
    const before = (await s.page.evaluate(() => window.__parceldesk!.resolution()))!;
    await button.click();
    await expect.poll(() => s.page.evaluate(() => window.__parceldesk!.resolution())).toBeLessThan(before / 4);
    const f = crossing[0];
    const view = await s.page.evaluate(() => {
      const map = window.__parceldesk!.map;
      return map.getView().calculateExtent(map.getSize());
    });
    expect(f.x).toBeGreaterThan(view[0]);
    expect(f.x).toBeLessThan(view[2]);
    expect(f.y).toBeGreaterThan(view[1]);
    expect(f.y).toBeLessThan(view[3]);
    // The frames are still drawn there: the finding is read against them.
    expect((await layerState('sheet-frames'))!.visible).toBe(true);
    await s.screenshot('reference-04-crosses-sheet');
  });

  it('frames loaded with "Nhập làm: Khung tờ bản đồ" appear on the map when the import finishes', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'parceldesk-e2e-frames-'));
    const info = (await s.service.projectInfo({}))!;
    const [, y0, x1, y1] = info.extent!;
    // A fifth sheet east of the sample, in the project's CRS.
    const ring = [[x1, y0], [x1 + 500, y0], [x1 + 500, y0 + 500], [x1, y0 + 500], [x1, y0]];
    writeFileSync(
      path.join(dir, 'khung-to-5.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: info.crs } },
        features: [{ type: 'Feature', properties: { SoTo: '5', MaXa: '99901' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
      }),
    );
    expect(y1 - y0).toBeGreaterThan(500);

    await s.page.getByRole('button', { name: 'Nhập dữ liệu…' }).click();
    const browser = s.page.getByRole('dialog', { name: 'Chọn tệp để nhập' });
    await browser.getByRole('textbox', { name: 'Thư mục' }).fill(dir);
    await browser.getByRole('button', { name: 'Đi tới' }).click();
    await browser.getByRole('button', { name: /^Tệp khung-to-5\.geojson / }).click();
    await browser.getByRole('button', { name: 'Chọn', exact: true }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Nhập bản đồ địa chính' });
    await dialog.getByRole('combobox', { name: 'Nhập làm' }).selectOption('sheet-frames', { timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Bắt đầu nhập' }).click();

    await expect.poll(async () => (await layerState('sheet-frames'))?.features, { timeout: 60_000 }).toBe(5);
    expect((await s.service.getReferenceAreas({})).frames.map((f) => f.sheetNo)).toEqual(['1', '2', '3', '4', '5']);
    await dialog.getByRole('button', { name: 'Đóng' }).click();
    await s.screenshot('reference-05-imported-frame');
  });

  it('names the layers and the sheet numbers in English when switched', async () => {
    await s.page.getByLabel('Ngôn ngữ').selectOption('en');
    const layers = s.page.getByRole('region', { name: 'Map layers' });
    await expect.poll(() => layers.getByRole('checkbox', { name: 'Sheet frames' }).count()).toBe(1);
    expect(await layers.getByRole('checkbox', { name: 'Commune boundary' }).count()).toBe(1);
    await expect.poll(async () => (await layerState('sheet-frames', 1))!.texts[0]).toMatch(/^Sheet \d+$/);
    await s.page.getByLabel('Language').selectOption('vi');
  });

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
