/**
 * Runs an import for the app: in a worker thread when the project is on a local disk (WAL lets the
 * worker write while the window keeps reading), in-process otherwise — with a rollback journal and
 * an exclusive lock (network drives) a second connection could not write at all.
 */
import { Worker } from 'node:worker_threads';
import { CancelledError, ForwardedError } from '../../../shared/errors.js';
import type { ImportReport } from '../../../shared/ipc/contract.js';
import { runImport, type ImportRequest } from '../import/import-pipeline.js';
import type { ProjectFile } from '../project/project-file.js';
import type { JobHandle } from './job-registry.js';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker.js';

/** The compiled worker exists only in the build; under a TS test runner the import runs in-process. */
const WORKER_URL = new URL('./import-worker.js', import.meta.url);
const CAN_USE_WORKER = import.meta.url.endsWith('.js');

export function runImportJob(project: ProjectFile, req: ImportRequest, user: string, job: JobHandle): {
  promise: Promise<ImportReport>;
  cancel: () => void;
} {
  if (!CAN_USE_WORKER || project.storage.mode !== 'wal') {
    return {
      promise: new Promise<ImportReport>((resolve, reject) => {
        try {
          resolve(runImport(project, req, { progress: job.progress, cancelled: job.cancelled }, user));
        } catch (err) {
          reject(err);
        }
      }),
      cancel: () => {},
    };
  }
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const data: ImportWorkerData = { projectPath: project.path, request: req, user, cancelFlag };
  const worker = new Worker(WORKER_URL, { workerData: data });
  const promise = new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (msg: ImportWorkerMessage) => {
      if (msg.type === 'progress') job.progress(msg.phase, msg.done, msg.total);
      else if (msg.type === 'done') {
        settled = true;
        resolve(msg.result as ImportReport);
      } else {
        settled = true;
        reject(msg.cancelled ? new CancelledError() : new ForwardedError(msg.error));
      }
    });
    worker.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    worker.on('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`import worker exited with code ${code}`));
      }
    });
  });
  return { promise, cancel: () => Atomics.store(flag, 0, 1) };
}
