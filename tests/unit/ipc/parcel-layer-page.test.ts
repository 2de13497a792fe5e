import { describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { UserError } from '../../../shared/errors.js';
import {
  PARCEL_PAGE_HEADER_BYTES,
  ParcelLayerPageWriter,
  decodeParcelLayerPage,
  type ParcelPageAttributes,
} from '../../../shared/ipc/parcel-layer-page.js';

// VN-2000 coordinates in full: a float32 would move these by ~0.1 m, the page must not move them at all.
const X = 548123.4567891;
const Y = 1774567.8912345;
const square = (x: number, y: number, s: number): [number, number][] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

interface Row {
  fid: number;
  geometry: AreaGeometry | null;
  attrs: ParcelPageAttributes;
}

const rows: Row[] = [
  {
    fid: 1,
    geometry: { type: 'Polygon', coordinates: [square(X, Y, 20)] },
    attrs: { sheetNo: '12', parcelNo: '105', landType: 'ODT', area: 400 },
  },
  {
    // A parcel with a hole (a pond owned by someone else) and a second detached part.
    fid: 2,
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [square(X + 100, Y, 50), square(X + 110, Y + 10, 5).reverse()],
        [square(X + 200, Y + 0.001, 10)],
      ],
    },
    attrs: { sheetNo: '12', parcelNo: '106a', landType: 'LUC', area: 2575.0001 },
  },
  { fid: 3, geometry: null, attrs: { sheetNo: '12', parcelNo: '107', landType: null, area: null } },
  {
    fid: 2_147_483_647,
    geometry: { type: 'Polygon', coordinates: [square(X, Y + 500, 3), square(X + 1, Y + 501, 1).reverse()] },
    attrs: { sheetNo: 'Tờ 5 – Phường Hòa Khánh Bắc', parcelNo: 'Thửa đất số 7/đường Nguyễn Lương Bằng', landType: 'ĐTL', area: 8 },
  },
  { fid: -5, geometry: { type: 'MultiPolygon', coordinates: [] }, attrs: { sheetNo: null, parcelNo: '', landType: 'ONT', area: 0 } },
];

function writePage(list: Row[], total = 1000, offset = 40): ArrayBuffer {
  const w = new ParcelLayerPageWriter(total, offset);
  for (const r of list) w.addParcel(r.fid, r.geometry, r.attrs);
  return w.finish();
}

/** What the page gives back for a geometry: one polygon as a Polygon, none as null. */
function expected(g: AreaGeometry | null): AreaGeometry | null {
  if (!g) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (polys.length === 0) return null;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).code;
  }
  throw new Error('expected an error');
}

describe('binary parcel layer page', () => {
  it('round-trips ids, attributes, polygons, holes, multipolygons and parcels without geometry exactly', () => {
    const page = decodeParcelLayerPage(writePage(rows));
    expect(page.total).toBe(1000);
    expect(page.offset).toBe(40);
    expect(page.count).toBe(rows.length);
    expect(Array.from(page.fids)).toEqual(rows.map((r) => r.fid));
    rows.forEach((r, i) => {
      expect(page.geometry(i), `parcel ${r.fid}`).toEqual(expected(r.geometry));
      expect([page.sheetNo(i), page.parcelNo(i), page.landType(i), page.area(i)]).toEqual([r.attrs.sheetNo, r.attrs.parcelNo, r.attrs.landType, r.attrs.area]);
    });
    expect(page.polygonCount(0)).toBe(1);
    expect(page.polygonCount(1)).toBe(2);
    expect(page.polygonCount(2)).toBe(0);
    expect(page.polygonCount(4)).toBe(0);
    // The flat arrays the map draws from: parcel 1's second polygon starts after its holed first one.
    const p = page.polygonStart[1];
    expect(page.ringStart[p + 1] - page.ringStart[p]).toBe(2);
    expect(page.coords[page.coordStart[page.ringStart[p + 1]]]).toBe(X + 200);
    expect(page.coords[page.coordStart[page.ringStart[p + 1]] + 1]).toBe(Y + 0.001);
  });

  it('keeps Vietnamese text intact (UTF-8, precomposed and decomposed forms alike)', () => {
    const nfd = 'Đất ở tại đô thị'.normalize('NFD');
    const page = decodeParcelLayerPage(writePage([{ fid: 9, geometry: null, attrs: { sheetNo: 'Tờ số 1', parcelNo: nfd, landType: 'ODT', area: 1 } }]));
    expect(page.sheetNo(0)).toBe('Tờ số 1');
    expect(page.parcelNo(0)).toBe(nfd);
    expect(page.parcelNo(0)).not.toBe(nfd.normalize('NFC'));
  });

  it('stores a repeated value once', () => {
    const many = (n: number, landType: (i: number) => string) => {
      const w = new ParcelLayerPageWriter(n, 0);
      for (let i = 0; i < n; i++) w.addParcel(i + 1, null, { sheetNo: '1', parcelNo: '1', landType: landType(i), area: 1 });
      return w.finish().byteLength;
    };
    const same = many(500, () => 'Đất trồng lúa nước còn lại');
    const different = many(500, (i) => `Đất trồng lúa nước còn lại ${i}`);
    expect(same).toBeLessThan(different - 500 * 20);
  });

  it('writes an empty page that reads back empty', () => {
    const page = decodeParcelLayerPage(new ParcelLayerPageWriter(0, 0).finish());
    expect(page.count).toBe(0);
    expect(page.total).toBe(0);
    expect(page.coords).toHaveLength(0);
  });

  it('reads the bytes from a view too, aligned or not (what IPC may hand over)', () => {
    const bytes = new Uint8Array(writePage(rows));
    const aligned = decodeParcelLayerPage(bytes);
    expect(aligned.geometry(1)).toEqual(expected(rows[1].geometry));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const view = decodeParcelLayerPage(shifted.subarray(3));
    expect(view.geometry(3)).toEqual(expected(rows[3].geometry));
    expect(view.parcelNo(3)).toBe(rows[3].attrs.parcelNo);
  });

  it('refuses feature ids that do not fit the page with a clear error', () => {
    const w = new ParcelLayerPageWriter(1, 0);
    expect(codeOf(() => w.addParcel(2 ** 31, null, rows[0].attrs))).toBe('parcelPage.fidRange');
    expect(codeOf(() => w.addParcel(1.5, null, rows[0].attrs))).toBe('parcelPage.fidRange');
  });

  it('refuses geometry written out of order', () => {
    const w = new ParcelLayerPageWriter(1, 0);
    expect(() => w.vertex(1, 2)).toThrow(/polygon/);
    w.beginParcel(1, rows[0].attrs);
    expect(() => w.endRing()).toThrow(/polygon/);
    w.beginPolygon();
    w.vertex(1, 2);
    expect(() => w.finish()).toThrow(/ring not ended/);
  });

  it('discards a half-written geometry and starts it again', () => {
    const w = new ParcelLayerPageWriter(2, 0);
    w.addParcel(1, rows[0].geometry, rows[0].attrs);
    w.beginParcel(2, rows[1].attrs);
    w.beginPolygon();
    w.vertex(1, 1);
    w.vertex(2, 2);
    w.endRing();
    w.beginPolygon();
    w.vertex(5, 5);
    w.discardGeometry();
    w.addGeometry(rows[1].geometry!);
    const page = decodeParcelLayerPage(w.finish());
    expect(page.geometry(0)).toEqual(expected(rows[0].geometry));
    expect(page.geometry(1)).toEqual(expected(rows[1].geometry));
  });

  describe('damaged pages fail with parcelPage.corrupt and say why', () => {
    const good = writePage(rows);
    const damaged = (edit: (bytes: Uint8Array, u32: Uint32Array) => void) => {
      const copy = good.slice(0);
      edit(new Uint8Array(copy), new Uint32Array(copy));
      return copy;
    };
    const message = (data: ArrayBuffer | Uint8Array) => {
      try {
        decodeParcelLayerPage(data);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).code).toBe('parcelPage.corrupt');
        return (err as UserError).text('en');
      }
      throw new Error('decoded a damaged page');
    };

    it('truncated anywhere, or with bytes added', () => {
      expect(message(good.slice(0, 10))).toMatch(/shorter than the 64-byte header/);
      for (const cut of [PARCEL_PAGE_HEADER_BYTES, 100, good.byteLength - 1, good.byteLength - 8]) {
        expect(message(good.slice(0, cut))).toMatch(/truncated/);
      }
      const longer = new Uint8Array(good.byteLength + 8);
      longer.set(new Uint8Array(good));
      expect(message(longer)).toMatch(/says \d+ bytes, received/);
    });

    it('not a page, or another version', () => {
      expect(message(new TextEncoder().encode('{"ok":true,"value":{}}'.padEnd(80)))).toMatch(/not a parcel page/);
      expect(message(damaged((b) => (b[4] = 2)))).toMatch(/version 2/);
    });

    it('header counts that do not match the size', () => {
      expect(message(damaged((_b, u) => (u[4] += 1)))).toMatch(/counts in the header/);
      expect(message(damaged((_b, u) => (u[7] = 0xffffffff)))).toMatch(/do not fit/);
    });

    it('offsets running backwards, past the end or splitting a vertex', () => {
      const page = decodeParcelLayerPage(good);
      const at = (arr: Uint32Array) => arr.byteOffset / 4;
      expect(message(damaged((_b, u) => (u[at(page.polygonStart) + 1] = 7)))).toMatch(/polygon index/);
      expect(message(damaged((_b, u) => (u[at(page.ringStart) + 1] = 0xffff)))).toMatch(/ring index/);
      expect(message(damaged((_b, u) => (u[at(page.coordStart) + 1] = 3)))).toMatch(/coordinate index/);
    });

    it('string indexes past the table and text that is not UTF-8', () => {
      const page = decodeParcelLayerPage(good);
      // The three string-index columns follow the coordinate index.
      const sheetAt = (page.coordStart.byteOffset + page.coordStart.byteLength + 7) & ~7;
      expect(message(damaged((_b, u) => (u[sheetAt / 4] = 999)))).toMatch(/sheet number of parcel 0/);
      const text = new TextEncoder().encode('Hòa Khánh');
      const bytes = new Uint8Array(good);
      let pos = -1;
      for (let i = bytes.length - text.length; i >= 0 && pos < 0; i--) if (text.every((c, k) => bytes[i + k] === c)) pos = i;
      expect(pos).toBeGreaterThan(0);
      expect(message(damaged((b) => (b[pos + 1] = 0xff)))).toMatch(/not valid UTF-8/);
    });

    it('no bytes at all', () => {
      expect(message(new ArrayBuffer(0))).toMatch(/shorter/);
      expect(codeOf(() => decodeParcelLayerPage(null as unknown as ArrayBuffer))).toBe('parcelPage.corrupt');
    });
  });
});
