/**
 * `npm run web`: the app in the browser, served by the loopback bridge (electron/web/server.ts)
 * over the same services as the desktop shell. Prints the address to open; `--open` opens it.
 *
 *   node build/electron/web.js [--project <p.gpkg>] [--port <n>] [--open] [--user-data <dir>]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError, toErrorPayload } from '../shared/errors.js';
import { formatMessage, type MessageKey } from '../shared/i18n/messages.js';
import { startWebServer } from './web/server.js';
import { isEntryPoint } from './entry-point.js';

export interface WebArgs {
  /** Project to open at start; null opens the bundled sample project. */
  project: string | null;
  port: number;
  open: boolean;
  /** Where the services keep settings and the sample project; null = the desktop app's folder. */
  userData: string | null;
  help: boolean;
}

/** Parse the command line of `npm run web`; bad usage throws UserError('cli.usage'). */
export function parseWebArgs(argv: readonly string[]): WebArgs {
  const args: WebArgs = { project: null, port: 0, open: false, userData: null, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UserError('cli.usage', { detail: `${flag} needs a value` });
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--project':
        args.project = take();
        break;
      case '--port': {
        const raw = take();
        const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
        if (!Number.isInteger(port) || port > 65535) throw new UserError('web.badPort', { port: raw });
        args.port = port;
        break;
      }
      case '--user-data':
        args.userData = take();
        break;
      case '--open':
        args.open = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--host': {
        // Refused explicitly so nobody "fixes" remote access by adding a flag that silently works.
        const host = take();
        if (host !== '127.0.0.1') throw new UserError('web.loopbackOnly', { host });
        break;
      }
      default:
        if (!a.startsWith('-') && /\.gpkg$/i.test(a) && args.project === null) args.project = a;
        else throw new UserError('cli.usage', { detail: `unknown argument ${a}` });
    }
  }
  return args;
}

/** The same folder Electron's app.getPath('userData') gives the desktop app, so both shells share settings. */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ParcelDesk');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ParcelDesk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ParcelDesk');
}

const USAGE = `node build/electron/web.js [--project <p.gpkg>] [--port <n>] [--open] [--user-data <dir>]`;

function say(key: MessageKey, params: Record<string, string | number> = {}, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(`${formatMessage('vi', key, params)}\n${formatMessage('en', key, params)}\n`);
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', url]]
      : process.platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', (err) => say('web.openFailed', { detail: err.message }, process.stderr));
  child.unref();
}

async function main(): Promise<number> {
  let args: WebArgs;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (err) {
    const e = toErrorPayload(err);
    process.stderr.write(`${e.message}\n${e.messageEn}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const staticDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    say('web.noRenderer', { dir: staticDir }, process.stderr);
    return 2;
  }
  // Loaded here, not at the top, so parseWebArgs can be imported without opening any database.
  const { createAppService } = await import('./services/app-service.js');
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const api = createAppService({ userDataDir: args.userData ?? defaultUserDataDir(), shell: 'web', version });
  try {
    if (args.project) await api.openProject({ path: path.resolve(args.project) });
    else await api.openSampleProject({});
  } catch (err) {
    const e = toErrorPayload(err);
    process.stderr.write(`${e.message}\n${e.messageEn}\n`);
    if (args.project) {
      api.dispose();
      return 2;
    }
  }
  const server = await startWebServer({ api, staticDir, port: args.port });
  say('web.started');
  process.stdout.write(`\n  ${server.url}\n\n`);
  if (args.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  api.dispose();
  return 0;
}

if (isEntryPoint(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const e = toErrorPayload(err);
      process.stderr.write(`${e.message}\n${e.messageEn}\n`);
      process.exit(1);
    },
  );
}
