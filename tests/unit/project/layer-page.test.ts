import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry, encodeGpkgGeometry, toMultiPolygon } from '../../../shared/geo/gpkg-geometry.js';
import { decodeParcelLayerPage } from '../../../shared/ipc/parcel-layer-page.js';
import { emptyParcelAttributes } from '../../../shared/model/parcel.js';
import { ParcelRepository } from '../../../electron/services/project/parcel-repository.js';
import { ParcelWriter } from '../../../electron/services/project/parcel-writer.js';
import { ProjectFile } from '../../../electron/services/project/project-file.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { tempDir } from '../../helpers/tools.js';

const sq = (x: number, y: number, s: number): [number, number][] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];

/** A project with `n` parcels in a row, numbered 1…n on sheet 7. */
function projectWith(n: number): ProjectFile {
  const project = ProjectFile.create(path.join(tempDir(), 'p.gpkg'), 5899);
  const w = new ParcelWriter(project.db, project.srsId);
  project.db.transaction(() => {
    w.begin();
    for (let i = 0; i < n; i++) {
      const geometry: AreaGeometry =
        i % 3 === 0
          ? { type: 'MultiPolygon', coordinates: [[sq(548000 + i * 20, 1774000, 10), sq(548002 + i * 20, 1774002, 2).reverse()], [sq(548000 + i * 20, 1774015, 3)]] }
          : { type: 'Polygon', coordinates: [sq(548000 + i * 20, 1774000, 10)] };
      w.add(geometry, { ...emptyParcelAttributes(), sheet_no: '7', parcel_no: String(i + 1), land_type: i % 2 ? 'ODT' : 'LUC' });
    }
    w.end();
  })();
  return project;
}

/** A hand-made GeoPackage blob holding a GeometryCollection of one big-endian polygon (another writer's style). */
function collectionBlob(ring: [number, number][]): Uint8Array {
  const size = 8 + 9 + 9 + 4 + ring.length * 16;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out.set([0x47, 0x50, 0, 0x01]);
  v.setInt32(4, 5899, true);
  let p = 8;
  out[p] = 0;
  v.setUint32(p + 1, 7, false);
  v.setUint32(p + 5, 1, false);
  p += 9;
  out[p] = 0;
  v.setUint32(p + 1, 3, false);
  v.setUint32(p + 5, 1, false);
  v.setUint32(p + 9, ring.length, false);
  p += 13;
  for (const [x, y] of ring) {
    v.setFloat64(p, x, false);
    v.setFloat64(p + 8, y, false);
    p += 16;
  }
  return out;
}

describe('parcel layer pages from the project', () => {
  it('pages through every parcel in fid order with the same geometry and attributes as the store', () => {
    const project = projectWith(25);
    const repo = new ParcelRepository(project.db, project.srsId);
    const seen: number[] = [];
    for (let offset = 0; offset < 25; offset += 10) {
      const page = decodeParcelLayerPage(repo.layerPage(offset, 10));
      expect(page.total).toBe(25);
      expect(page.offset).toBe(offset);
      for (let i = 0; i < page.count; i++) {
        const parcel = repo.get(page.fids[i]);
        expect(toMultiPolygon(page.geometry(i))).toEqual(toMultiPolygon(parcel.geometry));
        expect([page.sheetNo(i), page.parcelNo(i), page.landType(i), page.area(i)]).toEqual([parcel.sheet_no, parcel.parcel_no, parcel.land_type, parcel.area]);
        seen.push(page.fids[i]);
      }
    }
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(25);
    expect(decodeParcelLayerPage(repo.layerPage(25, 10)).count).toBe(0);
    project.db.close();
  });

  it('continues after the previous page only while nothing changed (same parcels as OFFSET would give)', () => {
    const project = projectWith(30);
    const repo = new ParcelRepository(project.db, project.srsId);
    const fidsOf = (offset: number, limit: number) => Array.from(decodeParcelLayerPage(repo.layerPage(offset, limit)).fids);
    const all = fidsOf(0, 100);
    expect(fidsOf(0, 10)).toEqual(all.slice(0, 10));
    expect(fidsOf(10, 10)).toEqual(all.slice(10, 20));
    // Parcel 3 deleted by this connection: page 20… shifts by one.
    repo.deleteParcel(all[2]);
    expect(fidsOf(20, 10)).toEqual(all.slice(21, 30));
    expect(fidsOf(0, 10)).toEqual([...all.slice(0, 2), ...all.slice(3, 11)]);
    // Another connection (an import worker) deletes parcel 12: page 10… shifts again.
    const other = new Database(project.path);
    other.prepare('DELETE FROM parcels WHERE fid = ?').run(all[11]);
    other.close();
    expect(fidsOf(10, 10)).toEqual([...all.slice(12, 22)]);
    project.db.close();
  });

  it('carries parcels without geometry and blobs only the general decoder reads', () => {
    const project = projectWith(3);
    const repo = new ParcelRepository(project.db, project.srsId);
    const odd = collectionBlob(sq(548500, 1774500, 4));
    project.db.prepare('UPDATE parcels SET geom = ? WHERE fid = 2').run(odd);
    project.db.prepare('UPDATE parcels SET geom = NULL WHERE fid = 3').run();
    const page = decodeParcelLayerPage(repo.layerPage(0, 10));
    expect(page.count).toBe(3);
    expect(toMultiPolygon(page.geometry(1))).toEqual(toMultiPolygon(decodeGpkgGeometry(odd).geometry));
    expect(page.geometry(1)).toEqual({ type: 'Polygon', coordinates: [sq(548500, 1774500, 4)] });
    expect(page.geometry(2)).toBeNull();
    expect(page.parcelNo(2)).toBe('3');
    project.db.close();
  });

  it('a damaged stored blob leaves that parcel without a shape and the rest of the page intact', () => {
    const project = projectWith(3);
    const repo = new ParcelRepository(project.db, project.srsId);
    const before = decodeParcelLayerPage(repo.layerPage(0, 10));
    const good = encodeGpkgGeometry({ type: 'Polygon', coordinates: [sq(548000, 1774000, 10)] }, 5899);
    project.db.prepare('UPDATE parcels SET geom = ? WHERE fid = 2').run(good.subarray(0, good.length - 5));
    const page = decodeParcelLayerPage(repo.layerPage(0, 10));
    expect(page.count).toBe(3);
    expect(page.geometry(1)).toBeNull();
    expect(page.parcelNo(1)).toBe('2');
    expect(page.geometry(0)).toEqual(before.geometry(0));
    expect(page.geometry(2)).toEqual(before.geometry(2));
    project.db.close();
  });
});
