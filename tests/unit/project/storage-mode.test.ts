import { describe, expect, it } from 'vitest';
import { decideStorage, isUncPath } from '../../../electron/services/project/storage-mode.js';

describe('storage mode (WAL is unsafe on network drives)', () => {
  it('UNC paths use a rollback journal with an exclusive lock', () => {
    expect(isUncPath('\\\\server\\share\\du-an.gpkg')).toBe(true);
    expect(decideStorage('\\\\server\\share\\du-an.gpkg', 'win32', { mappedDrives: () => new Set() }).mode).toBe('exclusive-rollback');
    expect(decideStorage('//nas/dc/du-an.gpkg', 'linux', { fsType: () => 0xef53 }).mode).toBe('exclusive-rollback');
  });
  it('mapped Windows drives are network, local drives are not', () => {
    const mapped = () => new Set(['Z']);
    expect(decideStorage('Z:\\VPDK\\du-an.gpkg', 'win32', { mappedDrives: mapped })).toMatchObject({ mode: 'exclusive-rollback', network: true });
    expect(decideStorage('C:\\Users\\kt\\du-an.gpkg', 'win32', { mappedDrives: mapped })).toMatchObject({ mode: 'wal', network: false });
  });
  it('Linux network file systems by statfs type', () => {
    expect(decideStorage('/mnt/share/p.gpkg', 'linux', { fsType: () => 0xff534d42 }).mode).toBe('exclusive-rollback'); // CIFS
    expect(decideStorage('/mnt/nfs/p.gpkg', 'linux', { fsType: () => 0x6969 }).mode).toBe('exclusive-rollback');
    expect(decideStorage('/home/kt/p.gpkg', 'linux', { fsType: () => 0xef53 }).mode).toBe('wal'); // ext4
    expect(decideStorage('/tmp/p.gpkg', 'linux').network).toBe(false);
  });
});
