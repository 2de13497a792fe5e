import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../shared/errors.js';
import { readDgnFile } from '../../../electron/services/importers/dgn-file.js';
import { synthetic2d } from './synthetic-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'dgn-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('readDgnFile', () => {
  it('reads a sheet from disk', () => {
    const path = join(dir, 'to-12.dgn');
    writeFileSync(path, synthetic2d());
    const f = readDgnFile(path);
    expect(f.elements.length).toBeGreaterThan(10);
    expect(f.units.masterName).toBe('m');
  });

  it('names the file in its errors', () => {
    const path = join(dir, 'hong.dgn');
    writeFileSync(path, synthetic2d().subarray(0, 1600));
    try {
      readDgnFile(path);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe('import.corrupt');
      expect((e as UserError).message).toContain(path);
    }
  });

  it('refuses missing files, folders, oversized files and V8 drawings', () => {
    expect(code(() => readDgnFile(join(dir, 'none.dgn')))).toBe('import.fileNotFound');
    expect(code(() => readDgnFile(dir))).toBe('import.fileNotFound');
    const big = join(dir, 'big.dgn');
    writeFileSync(big, synthetic2d());
    expect(code(() => readDgnFile(big, { maxBytes: 1000 }))).toBe('import.tooLarge');
    const v8 = join(dir, 'v8.dgn');
    writeFileSync(v8, Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0));
    expect(code(() => readDgnFile(v8))).toBe('dgn.v8');
  });
});
