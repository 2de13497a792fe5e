#!/usr/bin/env node
/**
 * `parceldesk` — the command-line tool over the same services as the app, for batch work and QA.
 *
 * Exit codes: 0 ok; 1 completed with a refusal or findings; 2 bad input or usage (one-line message
 * on stderr, nothing written). `--json` prints machine-readable JSON on stdout.
 */
import { runCli } from './cli/run.js';

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stderr.isTTY,
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`parceldesk: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
