/**
 * A stand-in for the services, built from METHOD_NAMES so it always covers the whole contract:
 * every method records its call and echoes the request, except the ones a test makes fail.
 */
import { METHOD_NAMES, type Api, type MethodName } from '../../../shared/ipc/contract.js';
import { UserError } from '../../../shared/errors.js';
import { ParcelLayerPageWriter } from '../../../shared/ipc/parcel-layer-page.js';

/** The binary page the fake answers getParcelLayer({ offset: 0 }) with: one parcel with a Vietnamese land type. */
export function fakeLayerPage(): ArrayBuffer {
  const w = new ParcelLayerPageWriter(1, 0);
  w.addParcel(42, { type: 'Polygon', coordinates: [[[548000.125, 1774000.5], [548010, 1774000.5], [548010, 1774010], [548000.125, 1774000.5]]] }, {
    sheetNo: '7',
    parcelNo: '105',
    landType: 'Đất ở',
    area: 45.5,
  });
  return w.finish();
}

export interface FakeApi {
  api: Api;
  calls: Array<{ method: MethodName; req: unknown }>;
}

export function fakeApi(): FakeApi {
  const calls: FakeApi['calls'] = [];
  const api = {} as Record<MethodName, (req: unknown) => Promise<unknown>>;
  for (const method of METHOD_NAMES) {
    api[method] = async (req: unknown) => {
      calls.push({ method, req });
      if (method === 'getParcel' && (req as { fid?: number }).fid === 404) {
        throw new UserError('parcel.notFound', { fid: 404 });
      }
      if (method === 'getParcelLayer' && (req as { offset?: number }).offset === 0) return fakeLayerPage();
      if (method === 'getParcelLayer' && (req as { offset?: number }).offset === -1) {
        throw new UserError('project.notOpen', {});
      }
      if (method === 'auditLog' && (req as { limit?: number }).limit === -1) {
        throw new Error('disk on fire');
      }
      return { echo: method, req };
    };
  }
  return { api: api as unknown as Api, calls };
}
