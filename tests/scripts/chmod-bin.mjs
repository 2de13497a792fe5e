// tsc does not keep the executable bit; the CLI entry must be runnable as `parceldesk` via npx.
import { chmodSync, existsSync } from 'node:fs';
const cli = new URL('../../build/electron/cli.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);
