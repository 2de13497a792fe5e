/**
 * A full validation as a job of the app: in a worker thread when the project is on a local disk
 * (WAL lets the worker read while the window keeps editing), in this thread otherwise (a network
 * drive's exclusive lock admits no second connection) and under the TS test runner, where the
 * compiled worker does not exist.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, ForwardedError } from '../../../shared/errors.js';
import type { JobHandle } from '../jobs/job-registry.js';
import { readValidationSettings } from './validation-settings.js';
import type { FullRunSummary, ValidationSession } from './validation-session.js';
import type { ValidationWorkerData, ValidationWorkerMessage } from './validation-worker.js';

const WORKER_URL = new URL('./validation-worker.js', import.meta.url);
const CAN_USE_WORKER = import.meta.url.endsWith('.js');

export function runValidationJob(
  session: ValidationSession,
  opts: { tolerance?: number },
  job: JobHandle,
): { promise: Promise<FullRunSummary>; cancel: () => void } {
  const project = session.editor.project;
  session.setTolerance(opts.tolerance);
  if (!CAN_USE_WORKER || project.storage.mode !== 'wal') {
    return {
      promise: new Promise<FullRunSummary>((resolve, reject) => {
        try {
          resolve(
            session.runFull({
              onProgress: (p) => job.progress(p.phase, p.done, p.total),
              shouldCancel: job.cancelled,
            }),
          );
        } catch (err) {
          reject(err);
        }
      }),
      cancel: () => {},
    };
  }
  const settings = readValidationSettings(project).settings;
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const data: ValidationWorkerData = { projectPath: project.path, settings, cancelFlag };
  session.beginExternalRun(job.id);
  const worker = new Worker(WORKER_URL, { workerData: data });
  const promise = new Promise<FullRunSummary>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      session.endExternalRun();
      reject(err);
    };
    worker.on('message', (msg: ValidationWorkerMessage) => {
      if (msg.type === 'progress') job.progress(msg.phase, msg.done, msg.total);
      else if (msg.type === 'done') {
        if (settled) return;
        try {
          job.progress('save', 0, 1);
          const summary = session.adopt(msg.set, msg.findings, settings, msg.ms, msg.stored);
          settled = true;
          session.endExternalRun();
          resolve(summary);
        } catch (err) {
          fail(err);
        }
      } else {
        fail(msg.cancelled ? new CancelledError() : new ForwardedError(msg.error));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`validation worker exited with code ${code}`)));
  });
  return { promise, cancel: () => Atomics.store(flag, 0, 1) };
}
