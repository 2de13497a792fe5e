// Helpers shared by the benchmarks: locating ../shared/data, running a peer command with timing,
// and printing results in one format (both times, the ratio, the goal).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DATA = path.resolve(ROOT, '../shared/data');
export const CLI = path.join(ROOT, 'build/electron/cli.js');

export function data(rel) {
  return path.join(SHARED_DATA, rel);
}

export function hasTool(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Exit 0 with a clear line when something the benchmark needs is missing. */
export function requireOrSkip(name, checks) {
  for (const [ok, what] of checks) {
    if (!ok) {
      console.log(`SKIP ${name}: ${what}`);
      process.exit(0);
    }
  }
}

export function tmp(prefix = 'parceldesk-bench-') {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Run a command, return wall seconds and stdout; throws on failure. Peak RSS via /usr/bin/time when present. */
export function timed(cmd, args, opts = {}) {
  const useTime = existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, ...opts })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  let peakMb = null;
  if (useTime) {
    const lines = r.stderr.trim().split('\n');
    const kb = Number(lines[lines.length - 1]);
    if (Number.isFinite(kb)) peakMb = kb / 1024;
  }
  return { seconds, stdout: r.stdout, stderr: r.stderr, peakMb };
}

export function report(name, ours, peer, peerName, goal) {
  const ratio = ours.seconds / peer.seconds;
  const mem = (x) => (x.peakMb ? ` (peak ${x.peakMb.toFixed(0)} MB)` : '');
  console.log(`${name}`);
  console.log(`  ParcelDesk : ${ours.seconds.toFixed(3)} s${mem(ours)}`);
  console.log(`  ${peerName.padEnd(11)}: ${peer.seconds.toFixed(3)} s${mem(peer)}`);
  console.log(`  ratio      : ${ratio.toFixed(2)}× the peer's time  (goal: ${goal})`);
  return ratio;
}

export { execFileSync };
