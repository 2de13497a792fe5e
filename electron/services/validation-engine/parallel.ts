/**
 * Whole-set validation on two cores: the per-parcel and attribute rules (invalid rings, numbers,
 * land types, areas, …, about a third of the work on 100k parcels) run in a worker thread while
 * this thread builds the planar graph for overlaps, gaps and near-misses. The findings are merged
 * back into the rule order, so the result is the same list `validate` returns.
 *
 * Usage (Node side only): `const r = await validateParallel(set, settings, { onProgress })`.
 * Small sets (fewer than `minParcels`, default 20 000) and runs without topology rules are run
 * in-process: starting a worker and copying the set would cost more than it saves.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, ForwardedError } from '../../../shared/errors.js';
import type { Finding } from '../../../shared/model/finding.js';
import type { ParcelSet } from '../../../shared/topology/parcel-set.js';
import type { ValidationSettings } from '../../../shared/validation/settings.js';
import {
  countFindings,
  mergeRuleFindings,
  splitRulesForParallel,
  validate,
  type ValidateOptions,
  type ValidationResult,
} from '../../../shared/validation/validate.js';
import type { RulesWorkerData, RulesWorkerMessage } from './rules-worker.js';

/** The compiled worker exists only in the build; under a TS test runner everything runs in-process. */
const DEFAULT_WORKER_URL = new URL('./rules-worker.js', import.meta.url);
const CAN_USE_WORKER = import.meta.url.endsWith('.js');

export interface ParallelValidateOptions extends ValidateOptions {
  /** Below this many parcels the run stays on this thread. Default 20 000. */
  minParcels?: number;
  /** Worker script (tests point it at a compiled rules-worker.js). */
  workerUrl?: URL;
}

function now(): number {
  return performance.now();
}

/** Validates the whole set like `validate`, with the per-parcel rules in a worker thread. */
export async function validateParallel(
  set: ParcelSet,
  settings: Partial<ValidationSettings> = {},
  options: ParallelValidateOptions = {},
): Promise<ValidationResult> {
  const t0 = now();
  const { order, topology, parcel } = splitRulesForParallel(settings);
  const workerUrl = options.workerUrl ?? (CAN_USE_WORKER ? DEFAULT_WORKER_URL : null);
  if (!workerUrl || topology.length === 0 || parcel.length === 0 || set.count < (options.minParcels ?? 20_000)) {
    return validate(set, settings, options);
  }
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const data: RulesWorkerData = { set, settings, rules: parcel, reference: options.reference ?? null, cancelFlag };
  const worker = new Worker(workerUrl, { workerData: data });
  const fromWorker = new Promise<Finding[]>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    worker.on('message', (msg: RulesWorkerMessage) => {
      if (msg.type === 'done') settle(() => resolve(msg.findings));
      else settle(() => reject(msg.cancelled ? new CancelledError() : new ForwardedError(msg.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`validation rules worker exited with code ${code}`))));
  });
  // Without a listener an early worker failure would be an unhandled rejection while we are busy.
  fromWorker.catch(() => undefined);
  let graphFindings: Finding[];
  try {
    graphFindings = validate(set, { ...settings, rules: topology }, options).findings;
  } catch (err) {
    Atomics.store(flag, 0, 1);
    void worker.terminate();
    throw err;
  }
  let parcelFindings: Finding[];
  try {
    parcelFindings = await fromWorker;
  } finally {
    void worker.terminate();
  }
  const findings = mergeRuleFindings(order, [parcelFindings, graphFindings]);
  return { parcels: set.count, findings, counts: countFindings(findings), ms: now() - t0 };
}
