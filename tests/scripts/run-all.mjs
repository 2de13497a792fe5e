// `npm test`: build, type-check, unit tests, end-to-end tests — then one closing summary line
// ("tests: N passed, N failed, N skipped") counted from vitest's JSON reports, so CI and people see
// at a glance how many tests actually ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
mkdirSync(results, { recursive: true });

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

const suites = [
  ['unit', 'tests/vitest.config.ts'],
  ['e2e', 'tests/e2e/vitest.e2e.config.ts'],
];

let ok = run('build', 'npm', ['run', 'build']);
ok = run('typecheck', 'npm', ['run', 'typecheck']) && ok;
const counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, config] of suites) {
  const out = `${results}/${name}.json`;
  rmSync(out, { force: true });
  const passed = ok || name === 'unit'
    ? run(name, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`])
    : false;
  ok = passed && ok;
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    counts.passed += report.numPassedTests ?? 0;
    counts.failed += report.numFailedTests ?? 0;
    counts.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numFailedTestSuites ?? 0) > 0 && (report.numFailedTests ?? 0) === 0) counts.failed += report.numFailedTestSuites;
  } else if (!passed) {
    counts.failed += 1;
  }
}
if (!ok && counts.failed === 0) counts.failed = 1;
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
