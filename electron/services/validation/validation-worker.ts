/**
 * Worker-thread entry of a full validation: reads the parcels over its own connection, runs every
 * rule and stores the findings, so 100k parcels never block the process that answers the window.
 * The parcel set goes back as transferred buffers (no copy) for the session's incremental checks;
 * findings by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/errors.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import { validate } from '../../../shared/validation/validate.js';
import { ProjectFile } from '../project/project-file.js';
import { newRunInfo, saveFullRun, type ValidationRunInfo } from './findings-store.js';
import { loadParcelSet } from './load-parcel-set.js';
import { readValidationReference } from '../project/reference-areas.js';

export interface ValidationWorkerData {
  projectPath: string;
  settings: ValidationSettings;
  /** Int32Array over a SharedArrayBuffer; [0] = 1 means cancel. */
  cancelFlag: SharedArrayBuffer;
}

export type ValidationWorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; set: ParcelSet; findings: Finding[]; ms: number; stored: ValidationRunInfo }
  | { type: 'error'; error: ReturnType<typeof toErrorPayload>; cancelled: boolean };

if (parentPort && workerData) {
  const data = workerData as ValidationWorkerData;
  const flag = new Int32Array(data.cancelFlag);
  const port = parentPort;
  const shouldCancel = (): boolean => Atomics.load(flag, 0) === 1;
  let last = 0;
  const progress = (phase: string, done: number, total: number): void => {
    const t = Date.now();
    if (t - last > 100 || done === total) {
      last = t;
      port.postMessage({ type: 'progress', phase, done, total } satisfies ValidationWorkerMessage);
    }
  };
  let project: ProjectFile | null = null;
  try {
    const t0 = performance.now();
    project = ProjectFile.open(data.projectPath);
    const set = loadParcelSet(project.db, { onProgress: (d, t) => progress('load', d, t), shouldCancel });
    const result = validate(set, data.settings, {
      onProgress: (p) => progress(p.phase, p.done, p.total),
      shouldCancel,
      reference: readValidationReference(project.db),
    });
    // Storing 15k findings here keeps that transaction off the thread that answers the window.
    progress('save', 0, 1);
    const index = new Map<number, number>();
    for (let p = 0; p < set.count; p++) index.set(set.fids[p], p);
    const stored = newRunInfo(set.count, data.settings, performance.now() - t0);
    saveFullRun(project.db, result.findings, stored, (fid) => {
      const p = index.get(fid);
      return p === undefined ? '' : (set.attrs.sheetNo[p] ?? '');
    });
    project.close();
    project = null;
    const buffers = [
      set.fids.buffer,
      set.parcelPolyStart.buffer,
      set.polyRingStart.buffer,
      set.ringStart.buffer,
      set.ringFlags.buffer,
      set.coords.buffer,
      set.attrs.areaLegal.buffer,
    ] as ArrayBuffer[];
    port.postMessage(
      { type: 'done', set, findings: result.findings, ms: stored.ms, stored } satisfies ValidationWorkerMessage,
      [...new Set(buffers)],
    );
  } catch (err) {
    const cancelled = err instanceof Error && err.name === 'CancelledError';
    port.postMessage({ type: 'error', error: toErrorPayload(err), cancelled } satisfies ValidationWorkerMessage);
  } finally {
    project?.close();
  }
}
