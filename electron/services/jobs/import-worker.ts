/**
 * Worker-thread entry for imports: opens its own connection to the project and runs the import
 * pipeline there, so reading and reprojecting 100k parcels never blocks the process that answers
 * the window. Progress goes back by message; cancel is a shared flag checked between batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorPayload } from '../../../shared/errors.js';
import { runImport, type ImportRequest } from '../import/import-pipeline.js';
import { ProjectFile } from '../project/project-file.js';

export interface ImportWorkerData {
  projectPath: string;
  request: ImportRequest;
  user: string;
  /** Int32Array over a SharedArrayBuffer; [0] = 1 means cancel. */
  cancelFlag: SharedArrayBuffer;
}

export type ImportWorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ReturnType<typeof toErrorPayload>; cancelled: boolean };

if (parentPort && workerData) {
  const data = workerData as ImportWorkerData;
  const flag = new Int32Array(data.cancelFlag);
  const port = parentPort;
  let project: ProjectFile | null = null;
  let last = 0;
  try {
    project = ProjectFile.open(data.projectPath);
    const result = runImport(
      project,
      data.request,
      {
        progress: (phase, done, total) => {
          const now = Date.now();
          if (now - last > 100 || done === total) {
            last = now;
            port.postMessage({ type: 'progress', phase, done, total } satisfies ImportWorkerMessage);
          }
        },
        cancelled: () => Atomics.load(flag, 0) === 1,
      },
      data.user,
    );
    port.postMessage({ type: 'done', result } satisfies ImportWorkerMessage);
  } catch (err) {
    const cancelled = err instanceof Error && err.name === 'CancelledError';
    port.postMessage({ type: 'error', error: toErrorPayload(err), cancelled } satisfies ImportWorkerMessage);
  } finally {
    project?.close();
  }
}
