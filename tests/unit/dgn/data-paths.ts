/** Where the real third-party data lives (beside the repository, never inside it). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
export const FIXTURES_DIR = join(DATA_DIR, 'dgn-fixtures');
export const DANANG_DIR = join(DATA_DIR, 'vn-danang-dgn');

/** The .dgn files of a data folder, or [] when the folder is absent. */
export function dgnFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.dgn'))
    .sort()
    .map((f) => join(dir, f));
}
