/** Detection of the reference tools (GDAL, PROJ, SpatiaLite) and the shared datasets tests compare against. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hasTool(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** ../shared/data beside the repository (absent on a user's fresh clone). */
export const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

export function sharedData(rel: string): string {
  return path.join(SHARED_DATA, rel);
}

export function hasSharedData(rel: string): boolean {
  return existsSync(sharedData(rel));
}

export function tempDir(prefix = 'parceldesk-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
