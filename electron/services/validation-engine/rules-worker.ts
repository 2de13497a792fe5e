/**
 * Worker-thread side of {@link validateParallel}: runs the per-parcel and attribute rules on its
 * copy of the parcel set while the calling thread builds the planar graph.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/errors.js';
import type { Finding, RuleId } from '../../../shared/model/finding.js';
import type { ValidationReference } from '../../../shared/model/reference-area.js';
import type { ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import { validate } from '../../../shared/validation/validate.js';

export interface RulesWorkerData {
  set: ParcelSet;
  settings: Partial<ValidationSettings>;
  rules: RuleId[];
  /** Sheet frames and boundaries for `crosses-sheet` (plain data, cloned into the worker). */
  reference?: ValidationReference | null;
  /** Int32Array over a SharedArrayBuffer; [0] = 1 means stop. */
  cancelFlag: SharedArrayBuffer;
}

export type RulesWorkerMessage =
  | { type: 'done'; findings: Finding[] }
  | { type: 'error'; error: ReturnType<typeof toErrorPayload>; cancelled: boolean };

if (parentPort && workerData) {
  const data = workerData as RulesWorkerData;
  const flag = new Int32Array(data.cancelFlag);
  const port = parentPort;
  try {
    const r = validate(data.set, { ...data.settings, rules: data.rules }, {
      shouldCancel: () => Atomics.load(flag, 0) === 1,
      reference: data.reference ?? null,
    });
    port.postMessage({ type: 'done', findings: r.findings } satisfies RulesWorkerMessage);
  } catch (err) {
    const cancelled = err instanceof Error && err.name === 'CancelledError';
    port.postMessage({ type: 'error', error: toErrorPayload(err), cancelled } satisfies RulesWorkerMessage);
  }
}
