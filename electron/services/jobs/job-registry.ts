/**
 * Long-running work (imports, later validation and export) as jobs the UI polls: state, phase,
 * counts and a cancel flag. Polling works identically over Electron IPC and the web bridge.
 */
import { randomUUID } from 'node:crypto';
import { CancelledError, toErrorPayload, UserError } from '../../../shared/errors.js';
import type { JobStatus } from '../../../shared/ipc/contract.js';

export interface JobHandle {
  readonly id: string;
  progress(phase: string, done: number, total: number): void;
  /** True once the user asked to cancel. */
  cancelled(): boolean;
}

interface JobRecord {
  status: JobStatus;
  cancel: () => void;
  cancelRequested: boolean;
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  /**
   * Start a job. `run` gets a handle for progress and cancel and may resolve a result; a throw
   * becomes the job's error (CancelledError -> state 'cancelled').
   */
  start<R>(kind: string, run: (job: JobHandle) => Promise<R>, onCancel?: () => void): string {
    const id = randomUUID();
    const record: JobRecord = {
      status: { jobId: id, kind, state: 'running', phase: '', done: 0, total: 0, result: null, error: null },
      cancelRequested: false,
      cancel: () => {
        record.cancelRequested = true;
        onCancel?.();
      },
    };
    this.jobs.set(id, record);
    const handle: JobHandle = {
      id,
      progress: (phase, done, total) => {
        record.status.phase = phase;
        record.status.done = done;
        record.status.total = total;
      },
      cancelled: () => record.cancelRequested,
    };
    // Start on the next tick so the caller gets the id before any work happens.
    setImmediate(() => {
      run(handle).then(
        (result) => {
          record.status.state = 'done';
          record.status.result = result ?? null;
        },
        (err: unknown) => {
          if (err instanceof CancelledError) {
            record.status.state = 'cancelled';
          } else {
            record.status.state = 'failed';
          }
          record.status.error = toErrorPayload(err);
        },
      );
    });
    this.prune();
    return id;
  }

  status(id: string): JobStatus {
    const rec = this.jobs.get(id);
    if (!rec) throw new UserError('job.notFound', { jobId: id });
    return { ...rec.status };
  }

  cancel(id: string): boolean {
    const rec = this.jobs.get(id);
    if (!rec) throw new UserError('job.notFound', { jobId: id });
    if (rec.status.state !== 'running') return false;
    rec.cancel();
    return true;
  }

  running(): number {
    let n = 0;
    for (const r of this.jobs.values()) if (r.status.state === 'running') n++;
    return n;
  }

  /** Keep finished jobs for a while so a slow poller still sees the result; drop old ones. */
  private prune(): void {
    if (this.jobs.size < 200) return;
    for (const [id, r] of this.jobs) {
      if (r.status.state !== 'running') this.jobs.delete(id);
      if (this.jobs.size < 100) break;
    }
  }
}
