import { describe, expect, it } from 'vitest';
import type { Position } from '../../../shared/geo/geometry.js';
import { UserError } from '../../../shared/errors.js';
import { interiorPoint } from '../../../shared/sample/interior-point.js';
import {
  generateCommune,
  sheetGrid,
  type SyntheticCommune,
} from '../../../shared/sample/synthetic-commune.js';
import {
  distToRing,
  hasRepeatedVertex,
  minAngle,
  perimeter,
  pointInRing,
  ringArea,
  selfIntersects,
  unpairedEdgeParcels,
} from './geometry-checks.js';

// Current land-use codes (domain.md §6).
const VALID_CODES = new Set(
  (
    'CHN LUA LUC LUK HNK CLN LNP RDD RPH RSX NTS CNT LMU NKH OTC ONT ODT TSC CQA CQP CAN DSN DVH DXH DYT DGD DTT DKH ' +
    'DMT DKT DNG DSK CSK SKK SKN SCT TMD SKC SKS CCC DGT DTL DCT DPC DDD DRA DNL DBV DCH DKV DCK TON TIN NTD SON MNC ' +
    'PNK BCS DCS NCS MCS'
  ).split(' '),
);

function frameOf(c: SyntheticCommune): { xmin: number; ymin: number; xmax: number; ymax: number } {
  const xs = c.sheets.flatMap((s) => s.frame.coordinates[0]!.map((p) => p[0]));
  const ys = c.sheets.flatMap((s) => s.frame.coordinates[0]!.map((p) => p[1]));
  return { xmin: Math.min(...xs), ymin: Math.min(...ys), xmax: Math.max(...xs), ymax: Math.max(...ys) };
}

const ringsOf = (c: SyntheticCommune): Position[][] => c.parcels.map((p) => p.geometry.coordinates[0]!);
const bySheet = (c: SyntheticCommune): Map<string, number[]> => {
  const m = new Map<string, number[]>();
  c.parcels.forEach((p, i) => {
    const list = m.get(p.attributes.sheet_no!) ?? [];
    list.push(i);
    m.set(p.attributes.sheet_no!, list);
  });
  return m;
};

describe('generateCommune: default sample', () => {
  const c = generateCommune();

  it('is a 2×2 block of 1:1000 sheets in VN-2000 Đà Nẵng, clearly named synthetic', () => {
    expect(c.crs).toBe('EPSG:5899');
    expect(c.communeName).toContain('tổng hợp');
    expect(c.communeCode).toMatch(/^\d{5}$/);
    expect(c.sheets.map((s) => s.sheetNo)).toEqual(['1', '2', '3', '4']);
    expect(c.sheets.every((s) => s.scale === 1000)).toBe(true);
    // Sheet 1 is the north-west one (left→right, top→bottom).
    const f1 = c.sheets[0]!.frame.coordinates[0]!;
    const f4 = c.sheets[3]!.frame.coordinates[0]!;
    expect(Math.min(...f1.map((p) => p[0]))).toBe(545000);
    expect(Math.max(...f1.map((p) => p[1]))).toBe(1776000);
    expect(Math.min(...f4.map((p) => p[1]))).toBe(1775000);
    expect(c.parcels.length).toBeGreaterThanOrEqual(1500);
    expect(c.parcels.length).toBeLessThanOrEqual(2500);
    expect(c.seeded).toEqual([]);
  });

  it('is a clean partition: areas add up to the frames and every inner edge is shared by exactly two parcels', () => {
    const frame = frameOf(c);
    const total = c.parcels.reduce((s, p) => s + ringArea(p.geometry.coordinates[0]!), 0);
    const frames = (frame.xmax - frame.xmin) * (frame.ymax - frame.ymin);
    expect(Math.abs(total - frames) / frames).toBeLessThan(1e-6);
    const { bad, maxUse, interiorEdges } = unpairedEdgeParcels(ringsOf(c), frame);
    expect([...bad]).toEqual([]);
    expect(maxUse).toBe(2);
    expect(interiorEdges).toBeGreaterThan(c.parcels.length);
  });

  it('has valid, counter-clockwise rings on the millimetre grid', () => {
    for (const p of c.parcels) {
      const ring = p.geometry.coordinates[0]!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ringArea(ring)).toBeGreaterThan(0);
      expect(hasRepeatedVertex(ring)).toBe(false);
      for (const [x, y] of ring) {
        expect(Math.abs(x * 1000 - Math.round(x * 1000))).toBeLessThan(1e-3);
        expect(Math.abs(y * 1000 - Math.round(y * 1000))).toBeLessThan(1e-3);
      }
    }
    expect(c.parcels.filter((p) => selfIntersects(p.geometry.coordinates[0]!)).length).toBe(0);
    expect(c.parcels.filter((p) => minAngle(p.geometry.coordinates[0]!) < 5).length).toBe(0);
  });

  it('has realistic land use and sizes', () => {
    const area = (i: number): number => ringArea(c.parcels[i]!.geometry.coordinates[0]!);
    const of = (codes: string[]): number[] =>
      c.parcels.flatMap((p, i) => (codes.includes(p.attributes.land_type!) ? [i] : []));
    const houses = of(['ONT']);
    const fields = of(['LUC', 'HNK', 'CLN', 'NTS']);
    expect(houses.length).toBeGreaterThan(200);
    expect(fields.length).toBeGreaterThan(200);
    expect(houses.filter((i) => area(i) >= 75 && area(i) <= 320).length / houses.length).toBeGreaterThan(0.95);
    expect(fields.filter((i) => area(i) >= 400 && area(i) <= 3100).length / fields.length).toBeGreaterThan(0.9);
    for (const code of ['DGT', 'SON', 'DGD', 'DYT', 'TIN', 'NTD']) expect(of([code]).length).toBeGreaterThan(0);
    for (const p of c.parcels) {
      const a = p.attributes;
      expect(VALID_CODES.has(a.land_type!)).toBe(true);
      expect(VALID_CODES.has(a.land_type_legal!)).toBe(true);
      expect(a.parcel_id).toBeNull();
      expect(a.commune_code).toBe(c.communeCode);
      expect(a.legacy_key).toBe(`${a.commune_code}.${a.sheet_no}.${a.parcel_no}`);
      expect(a.address).toMatch(/Xã Mẫu$/);
      expect(Math.abs(a.area! - ringArea(p.geometry.coordinates[0]!))).toBeLessThan(0.006);
      if (['DGT', 'DTL', 'SON'].includes(a.land_type!)) expect(a.area_legal).toBeNull();
      else expect(Math.abs(a.area_legal! - a.area!)).toBeLessThanOrEqual(0.1 * Math.sqrt(a.area!) + 0.06);
    }
    // Mostly the same land type on paper and on the ground, but not always.
    const differ = c.parcels.filter((p) => p.attributes.land_type !== p.attributes.land_type_legal).length;
    expect(differ).toBeGreaterThan(0);
    expect(differ / c.parcels.length).toBeLessThan(0.1);
  });

  it('numbers parcels 1..n on every sheet, from the northernmost parcel, each inside its sheet', () => {
    const sheets = bySheet(c);
    expect([...sheets.keys()].sort()).toEqual(['1', '2', '3', '4']);
    for (const [sheetNo, members] of sheets) {
      const numbers = members.map((i) => Number(c.parcels[i]!.attributes.parcel_no)).sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, k) => k + 1));
      const pts = members.map((i) => interiorPoint(c.parcels[i]!.geometry.coordinates)!);
      const maxY = Math.max(...pts.map((p) => p[1]));
      const first = members.findIndex((i) => c.parcels[i]!.attributes.parcel_no === '1');
      expect(pts[first]![1]).toBe(maxY);
      const frame = c.sheets.find((s) => s.sheetNo === sheetNo)!.frame.coordinates[0]!;
      for (const p of pts) {
        expect(p[0]).toBeGreaterThanOrEqual(Math.min(...frame.map((q) => q[0])));
        expect(p[0]).toBeLessThanOrEqual(Math.max(...frame.map((q) => q[0])));
        expect(p[1]).toBeGreaterThanOrEqual(Math.min(...frame.map((q) => q[1])));
        expect(p[1]).toBeLessThanOrEqual(Math.max(...frame.map((q) => q[1])));
      }
    }
    // Output order is sheet, then number.
    const keys = c.parcels.map((p) => Number(p.attributes.sheet_no) * 1e6 + Number(p.attributes.parcel_no));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it('describes the roads and the river with their centre lines', () => {
    const kinds = new Set(c.roadsAndRivers.map((r) => r.kind));
    expect(kinds.has('road')).toBe(true);
    expect(kinds.has('river')).toBe(true);
    for (const r of c.roadsAndRivers) {
      expect(r.centerline.coordinates.length).toBeGreaterThanOrEqual(2);
      expect(r.width).toBeGreaterThan(1);
    }
  });
});

describe('generateCommune: determinism and options', () => {
  it('gives identical output for the same seed and different output for another', () => {
    const opts = { seed: 42, errors: { overlaps: 2, gaps: 1, slivers: 1, duplicateNumbers: 1 }, noiseMm: 3 };
    const a = JSON.stringify(generateCommune(opts));
    const b = JSON.stringify(generateCommune(opts));
    expect(a).toBe(b);
    expect(JSON.stringify(generateCommune({ ...opts, seed: 43 }))).not.toBe(a);
  });

  it('lays out any sheet count as rows × columns and stays a clean partition at every scale', () => {
    expect(sheetGrid(4)).toEqual({ rows: 2, cols: 2 });
    expect(sheetGrid(6)).toEqual({ rows: 2, cols: 3 });
    expect(sheetGrid(7)).toEqual({ rows: 1, cols: 7 });
    for (const opts of [
      { sheets: 3, scale: 2000 as const, seed: 5 },
      { sheets: 2, scale: 500 as const, seed: 6 },
      { sheets: 6, scale: 1000 as const, parcelsPerSheet: 250, seed: 7, origin: [600000, 1700000] as [number, number] },
    ]) {
      const c = generateCommune(opts);
      const frame = frameOf(c);
      const total = c.parcels.reduce((s, p) => s + ringArea(p.geometry.coordinates[0]!), 0);
      const frames = (frame.xmax - frame.xmin) * (frame.ymax - frame.ymin);
      expect(Math.abs(total - frames) / frames).toBeLessThan(1e-6);
      expect([...unpairedEdgeParcels(ringsOf(c), frame).bad]).toEqual([]);
      const target = (opts.parcelsPerSheet ?? (opts.scale === 2000 ? 700 : opts.scale === 500 ? 100 : 500)) * opts.sheets;
      expect(c.parcels.length).toBeGreaterThan(target * 0.75);
      expect(c.parcels.length).toBeLessThan(target * 1.25);
    }
  });

  it('refuses bad options with a message naming the option', () => {
    const fails = (opts: Parameters<typeof generateCommune>[0], text: RegExp): void => {
      let err: unknown;
      try {
        generateCommune(opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).text('en')).toMatch(text);
    };
    fails({ sheets: 0 }, /sheets/);
    fails({ noiseMm: 50 }, /noiseMm/);
    fails({ seed: 1.5 }, /seed/);
    fails({ communeCode: '123' }, /communeCode/);
    fails({ errors: { overlaps: -1 } }, /errors\.overlaps/);
    fails({ parcelsPerSheet: 20_000 }, /cannot be drawn/);
    fails({ parcelsPerSheet: 5, scale: 2000 }, /unrealistically large/);
    fails({ sheets: 1, scale: 500, errors: { spikes: 500 } }, /spike/);
  });
});

describe('generateCommune: seeded errors', () => {
  const n = 3;
  const c = generateCommune({
    seed: 11,
    errors: {
      overlaps: n,
      gaps: n,
      selfIntersections: n,
      nearMisses: n,
      duplicateNumbers: n,
      missingNumbers: n,
      invalidLandTypes: n,
      slivers: n,
      spikes: n,
      duplicateVertices: n,
      areaMismatches: n,
      duplicateParcels: n,
    },
  });
  const ring = (i: number): Position[] => c.parcels[i]!.geometry.coordinates[0]!;
  const seededBy = (rule: string) => c.seeded.filter((s) => s.rule === rule);
  const parcelsOf = (...rules: string[]): Set<number> =>
    new Set(c.seeded.filter((s) => rules.includes(s.rule)).flatMap((s) => s.parcelIndexes));

  it('records exactly the requested number of each kind', () => {
    const counts = new Map<string, number>();
    for (const s of c.seeded) counts.set(s.rule, (counts.get(s.rule) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      overlap: n,
      gap: n,
      'invalid-ring': n,
      'near-miss': n,
      'duplicate-number': n,
      'missing-number': n,
      'invalid-land-type': n,
      sliver: n,
      spike: n,
      'duplicate-vertex': n,
      'area-mismatch': n,
      'duplicate-parcel': n,
    });
  });

  it('overlap: a vertex of the first parcel lies 0.5–2 m inside the second', () => {
    for (const s of seededBy('overlap')) {
      const [a, b] = s.parcelIndexes as [number, number];
      const inside = ring(a).filter((p) => pointInRing(ring(b), p) && distToRing(ring(b), p) >= 0.45);
      expect(inside.length).toBe(1);
      expect(distToRing(ring(b), inside[0]!)).toBeLessThanOrEqual(2.01);
    }
  });

  it('gap: the neighbour keeps a boundary vertex that the parcel has pulled away from', () => {
    for (const s of seededBy('gap')) {
      const [a, b] = s.parcelIndexes as [number, number];
      const away = ring(b).filter((p) => !pointInRing(ring(a), p) && distToRing(ring(a), p) >= 0.4 && distToRing(ring(a), p) <= 2.01);
      expect(away.length).toBeGreaterThanOrEqual(1);
      expect(ring(a).some((p) => pointInRing(ring(b), p) && distToRing(ring(b), p) > 0.01)).toBe(false);
    }
  });

  it('near-miss: a vertex 2–4 cm off the shared boundary, never further', () => {
    for (const s of seededBy('near-miss')) {
      const [a, b] = s.parcelIndexes as [number, number];
      const d = ring(a).map((p) => distToRing(ring(b), p)).filter((x) => x > 0.001 && x < 0.1);
      expect(d.length).toBe(1);
      expect(d[0]!).toBeGreaterThanOrEqual(0.015);
      expect(d[0]!).toBeLessThanOrEqual(0.045);
    }
  });

  it('only the bend and frame seeds break edge pairing', () => {
    // Leave the duplicate copies out: their edges are used three times by design.
    const copies = new Set(seededBy('duplicate-parcel').map((s) => s.parcelIndexes[1]!));
    const { bad } = unpairedEdgeParcels(
      ringsOf(c).map((r, i) => (copies.has(i) ? [] : r)),
      frameOf(c),
    );
    const allowed = parcelsOf('overlap', 'gap', 'near-miss', 'invalid-ring', 'spike');
    for (const p of bad) expect(allowed.has(p)).toBe(true);
    for (const s of seededBy('overlap').concat(seededBy('gap'), seededBy('near-miss'))) {
      expect(bad.has(s.parcelIndexes[0]!)).toBe(true);
    }
  });

  it('invalid-ring, spike, duplicate-vertex and sliver occur exactly where seeded', () => {
    const where = (test: (i: number) => boolean): number[] => c.parcels.flatMap((_, i) => (test(i) ? [i] : []));
    const sorted = (rule: string): number[] => seededBy(rule).map((s) => s.parcelIndexes[0]!).sort((a, b) => a - b);
    expect(where((i) => selfIntersects(ring(i)))).toEqual(sorted('invalid-ring'));
    expect(where((i) => minAngle(ring(i)) < 1)).toEqual(sorted('spike'));
    expect(where((i) => hasRepeatedVertex(ring(i)))).toEqual(sorted('duplicate-vertex'));
    expect(where((i) => (2 * ringArea(ring(i))) / perimeter(ring(i)) < 0.5)).toEqual(sorted('sliver'));
  });

  it('numbering errors: a duplicated number, and a parcel left without its number', () => {
    const sheets = bySheet(c);
    for (const s of seededBy('duplicate-number')) {
      const [a, b] = s.parcelIndexes as [number, number];
      expect(c.parcels[a]!.attributes.parcel_no).toBe(s.parcelNo);
      expect(c.parcels[b]!.attributes.parcel_no).toBe(s.parcelNo);
      expect(c.parcels[a]!.attributes.sheet_no).toBe(s.sheetNo);
    }
    for (const s of seededBy('missing-number')) {
      const p = c.parcels[s.parcelIndexes[0]!]!.attributes;
      expect(p.parcel_no).toBeNull();
      expect(p.legacy_key).toBeNull();
      expect(p.sheet_no).toBe(s.sheetNo);
      const numbers = sheets.get(s.sheetNo!)!.map((i) => Number(c.parcels[i]!.attributes.parcel_no ?? 0));
      expect(numbers).not.toContain(Number(s.parcelNo));
      expect(Math.max(...numbers)).toBeGreaterThan(Number(s.parcelNo));
    }
    // Apart from the seeds, every number 1..max is used exactly once per sheet.
    let dup = 0;
    let missing = 0;
    let unnumbered = 0;
    for (const members of sheets.values()) {
      const numbers = members.map((i) => c.parcels[i]!.attributes.parcel_no).filter((x) => x !== null).map(Number);
      unnumbered += members.length - numbers.length;
      const max = Math.max(...numbers);
      const seen = new Map<number, number>();
      for (const x of numbers) seen.set(x, (seen.get(x) ?? 0) + 1);
      for (let k = 1; k <= max; k++) {
        if (!seen.has(k)) missing++;
        else if (seen.get(k)! > 1) dup += seen.get(k)! - 1;
      }
    }
    expect(dup).toBe(n);
    expect(missing).toBe(n);
    expect(unnumbered).toBe(n);
  });

  it('invalid land types and area mismatches only where seeded', () => {
    const badCodes = c.parcels.flatMap((p, i) => (VALID_CODES.has(p.attributes.land_type!) ? [] : [i]));
    expect(badCodes.sort((a, b) => a - b)).toEqual(seededBy('invalid-land-type').map((s) => s.parcelIndexes[0]).sort((a, b) => a! - b!));
    const off = c.parcels.flatMap((p, i) => {
      const a = p.attributes;
      if (a.area_legal === null) return [];
      const area = ringArea(p.geometry.coordinates[0]!);
      return Math.abs(a.area_legal - area) > 0.1 * Math.sqrt(area) + 0.06 ? [i] : [];
    });
    const seededMismatch = seededBy('area-mismatch').map((s) => s.parcelIndexes[0]!);
    expect(off.sort((a, b) => a - b)).toEqual(seededMismatch.sort((a, b) => a - b));
    for (const i of seededMismatch) {
      const area = ringArea(ring(i));
      // Far beyond any plausible tolerance, e.g. 2·0.0004·M·√P at 1:2000 = 1.6·√P.
      expect(Math.abs(c.parcels[i]!.attributes.area_legal! - area)).toBeGreaterThanOrEqual(Math.max(0.2 * area, 4 * Math.sqrt(area)) - 0.06);
    }
  });

  it('duplicate parcels are exact copies with their own next number', () => {
    for (const s of seededBy('duplicate-parcel')) {
      const [a, b] = s.parcelIndexes as [number, number];
      expect(c.parcels[b]!.geometry).toEqual(c.parcels[a]!.geometry);
      expect(c.parcels[b]!.attributes.sheet_no).toBe(c.parcels[a]!.attributes.sheet_no);
      expect(c.parcels[b]!.attributes.parcel_no).not.toBe(c.parcels[a]!.attributes.parcel_no);
    }
  });
});

describe('generateCommune: millimetre noise', () => {
  const clean = generateCommune({ seed: 9 });
  const noisy = generateCommune({ seed: 9, noiseMm: 5 });

  it('moves each vertex copy by at most the noise, keeps the frame, and never changes the topology', () => {
    expect(noisy.parcels.length).toBe(clean.parcels.length);
    const frame = frameOf(clean);
    let moved = 0;
    let maxShift = 0;
    noisy.parcels.forEach((p, i) => {
      const r1 = clean.parcels[i]!.geometry.coordinates[0]!;
      const r2 = p.geometry.coordinates[0]!;
      expect(r2.length).toBe(r1.length);
      r2.forEach((q, k) => {
        const d = Math.hypot(q[0] - r1[k]![0], q[1] - r1[k]![1]);
        maxShift = Math.max(maxShift, d);
        if (d > 0) moved++;
        if (r1[k]![0] === frame.xmin || r1[k]![0] === frame.xmax) expect(q[0]).toBe(r1[k]![0]);
        if (r1[k]![1] === frame.ymin || r1[k]![1] === frame.ymax) expect(q[1]).toBe(r1[k]![1]);
      });
      expect(selfIntersects(r2)).toBe(false);
      expect(Math.abs(ringArea(r2) - ringArea(r1))).toBeLessThan(0.01 * perimeter(r1));
    });
    expect(maxShift).toBeLessThanOrEqual(0.0058);
    expect(moved).toBeGreaterThan(clean.parcels.length);
    // Copies of one vertex now differ between neighbours: the edges no longer pair exactly.
    expect(unpairedEdgeParcels(ringsOf(noisy), frame).bad.size).toBeGreaterThan(clean.parcels.length / 2);
  });
});

describe('generateCommune: scale', () => {
  it('generates about 100 000 parcels with every kind of error in modest memory', () => {
    const before = process.memoryUsage().heapUsed;
    const c = generateCommune({
      seed: 100,
      sheets: 200,
      noiseMm: 5,
      errors: { overlaps: 20, gaps: 20, nearMisses: 20, selfIntersections: 5, spikes: 5, slivers: 10, duplicateNumbers: 5, missingNumbers: 5 },
    });
    const used = process.memoryUsage().heapUsed - before;
    expect(c.parcels.length).toBeGreaterThan(85_000);
    expect(c.parcels.length).toBeLessThan(115_000);
    expect(c.sheets.length).toBe(200);
    expect(c.seeded.length).toBe(90);
    expect(used).toBeLessThan(1.5e9);
    const counts = new Map<string, number>();
    for (const p of c.parcels) counts.set(p.attributes.sheet_no!, (counts.get(p.attributes.sheet_no!) ?? 0) + 1);
    expect(counts.size).toBe(200);
  });
});
