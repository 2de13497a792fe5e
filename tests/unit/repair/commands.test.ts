import { describe, expect, it } from 'vitest';
import { SetGeometryCommand } from '../../../shared/commands/set-geometry.js';
import { MergeParcelsCommand, UnmergeParcelsCommand } from '../../../shared/commands/merge-parcels.js';
import { CompositeCommand } from '../../../shared/commands/composite.js';
import { ParcelSetBuilder, parcelGeometry } from '../../../shared/topology/parcel-set.js';
import { UserError } from '../../../shared/errors.js';
import type { AreaGeometry } from '../../../shared/geo/geometry.js';
import { MemoryContext } from './memory-context.js';

const square = (x: number, s = 10): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, 0], [x + s, 0], [x + s, s], [x, s], [x, 0]]],
});

function project() {
  const b = new ParcelSetBuilder();
  b.add(1, square(0), { parcelNo: '1', sheetNo: '4', landType: 'ODT', areaLegal: 100 });
  b.add(2, square(10, 1), { parcelNo: '2', sheetNo: '4', landType: 'CLN' });
  const set = b.build();
  return MemoryContext.fromSet(set, (p) => parcelGeometry(set, p));
}

describe('geometry commands', () => {
  it('SetGeometryCommand applies, inverts exactly, and refuses a parcel edited since the plan', () => {
    const ctx = project();
    const start = ctx.snapshot();
    const cmd = new SetGeometryCommand(1, square(0), square(0, 11), '1');
    cmd.apply(ctx);
    expect(ctx.getGeometry(1)).toEqual(square(0, 11));
    cmd.invert().apply(ctx);
    expect(ctx.snapshot()).toBe(start);
    // The store keeps MultiPolygons: a one-part MultiPolygon is the same shape as the Polygon.
    ctx.setGeometry(1, { type: 'MultiPolygon', coordinates: [square(0).coordinates as never] });
    expect(() => cmd.apply(ctx)).not.toThrow();
    ctx.setGeometry(1, square(0, 9));
    const err = (() => {
      try {
        cmd.apply(ctx);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('repair.stale');
    expect((err as UserError).text('en')).toMatch(/Parcel 1 changed/);
    expect(cmd.label('vi')).toBe('Sửa hình thửa 1');
    expect(cmd.toJSON()).toMatchObject({ type: 'set-geometry', fid: 1 });
  });

  it('MergeParcelsCommand deletes the merged parcel; its inverse re-creates it under the same fid with its attributes', () => {
    const ctx = project();
    const start = ctx.snapshot();
    const merged: AreaGeometry = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [11, 0], [11, 1], [10, 1], [10, 10], [0, 10], [0, 0]]] };
    const cmd = new MergeParcelsCommand({ keep: 1, keepBefore: square(0), keepAfter: merged, removed: { fid: 2, geometry: square(10, 1), attrs: null }, keepNo: '1', removedNo: '2' });
    cmd.apply(ctx);
    expect(ctx.rows.has(2)).toBe(false);
    expect(ctx.getGeometry(1)).toEqual(merged);
    const undo = cmd.invert();
    expect(undo).toBeInstanceOf(UnmergeParcelsCommand);
    undo.apply(ctx);
    expect(ctx.snapshot()).toBe(start);
    expect(ctx.getAttributes(2).land_type).toBe('CLN');
    // Redo after undo works from the captured data too.
    undo.invert().apply(ctx);
    expect(ctx.rows.has(2)).toBe(false);
    expect(cmd.label('en')).toBe('Merge parcel 2 into parcel 1');
    expect(undo.label('vi')).toBe('Tách lại thửa 2 khỏi thửa 1');
    expect(cmd.parcels()).toEqual([1, 2]);
  });

  it('CompositeCommand is one step: parcels of all steps, inverse in reverse order', () => {
    const ctx = project();
    const start = ctx.snapshot();
    const a = new SetGeometryCommand(1, square(0), square(0, 12));
    const b = new SetGeometryCommand(1, square(0, 12), square(0, 13));
    const c = new SetGeometryCommand(2, square(10, 1), square(10, 2));
    const batch = new CompositeCommand([a, b, c], { vi: 'Sửa lỗi', en: 'Repair' });
    batch.apply(ctx);
    expect(ctx.getGeometry(1)).toEqual(square(0, 13));
    expect(batch.parcels()).toEqual([1, 2]);
    batch.invert().apply(ctx); // would throw repair.stale if the steps were undone in the wrong order
    expect(ctx.snapshot()).toBe(start);
    expect(batch.label('en')).toBe('Repair');
    const json = batch.toJSON() as unknown as { steps: unknown[] };
    expect(json.steps).toHaveLength(3);
  });
});
