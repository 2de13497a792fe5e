/**
 * How a project file may be opened safely.
 *
 * SQLite's WAL mode needs shared memory between processes, which network file systems (SMB shares,
 * UNC paths, mapped drives — common in land offices) do not provide: WAL there can corrupt the
 * project. On such paths ParcelDesk uses a rollback journal with an exclusive lock instead, so at most
 * one program writes and every commit is still atomic.
 */
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import path from 'node:path';

export type JournalMode = 'wal' | 'exclusive-rollback';

export interface StorageDecision {
  mode: JournalMode;
  network: boolean;
  reason: string;
}

/** statfs magic numbers of network/remote file systems on Linux (from linux/magic.h). */
const NETWORK_FS_TYPES = new Set<number>([
  0x6969, // NFS
  0x517b, // SMB
  0xff534d42, // CIFS
  0xfe534d42, // SMB2
  0x564c, // NCP
  0x5346414f, // AFS
  0x65735546, // FUSE (sshfs and friends: treat as remote, WAL is unsafe there too)
  0x01021997, // 9P / v9fs
  0x73757245, // Coda
]);

let mappedDrivesCache: Set<string> | null = null;

/** Windows drive letters mapped to network shares, from `net use` (cached for the process). */
function windowsMappedDrives(): Set<string> {
  if (mappedDrivesCache) return mappedDrivesCache;
  const drives = new Set<string>();
  try {
    const out = execFileSync('net', ['use'], { encoding: 'utf8', timeout: 5000, windowsHide: true });
    for (const m of out.matchAll(/\b([A-Z]):\s+\\\\/gi)) drives.add(m[1].toUpperCase());
  } catch {
    // `net` unavailable: fall back to the UNC check only.
  }
  mappedDrivesCache = drives;
  return drives;
}

export function isUncPath(p: string): boolean {
  return p.startsWith('\\\\') || p.startsWith('//');
}

/**
 * Decide the journal mode for a project path. `platform` and `probe` are injectable so tests can
 * exercise the Windows branches on Linux.
 */
export function decideStorage(
  file: string,
  platform: NodeJS.Platform = process.platform,
  probe: { mappedDrives?: () => Set<string>; fsType?: (dir: string) => number | null } = {},
): StorageDecision {
  if (isUncPath(file)) {
    return { mode: 'exclusive-rollback', network: true, reason: 'UNC network path' };
  }
  if (platform === 'win32') {
    const letter = /^([A-Za-z]):/.exec(file)?.[1]?.toUpperCase();
    const mapped = (probe.mappedDrives ?? windowsMappedDrives)();
    if (letter && mapped.has(letter)) {
      return { mode: 'exclusive-rollback', network: true, reason: `mapped network drive ${letter}:` };
    }
    return { mode: 'wal', network: false, reason: 'local drive' };
  }
  const fsType = (probe.fsType ?? linuxFsType)(path.dirname(path.resolve(file)));
  if (fsType !== null && NETWORK_FS_TYPES.has(fsType >>> 0)) {
    return { mode: 'exclusive-rollback', network: true, reason: `network file system 0x${(fsType >>> 0).toString(16)}` };
  }
  return { mode: 'wal', network: false, reason: 'local file system' };
}

function linuxFsType(dir: string): number | null {
  try {
    return Number(statfsSync(dir).type);
  } catch {
    return null;
  }
}
