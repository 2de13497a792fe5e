/**
 * `npm start`: run the desktop app, fetching the Electron binary on first use.
 *
 * The project installs with Electron's download script disabled (package.json allowScripts), so
 * `npm ci` works on machines without access to GitHub. Here, when the binary is missing, we run
 * Electron's own installer once; when that fails we say plainly, in both languages, that the
 * desktop shell is unavailable and that `npm run web` gives the same app in a browser.
 *
 *   node build/electron/launch.js [project.gpkg] [electron args…]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage, type MessageKey } from '../shared/i18n/messages.js';
import { ensureElectronSqlite } from './native-sqlite.js';
import { isEntryPoint } from './entry-point.js';

/**
 * The project a command line asks to open: the last argument naming a .gpkg file. Used by the
 * desktop app for its own argv (double-click on a project, "Open with", a second instance).
 */
export function projectFromArgv(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i]!;
    if (!a.startsWith('-') && /\.gpkg$/i.test(a)) return a;
  }
  return null;
}

/** Folder of the installed `electron` npm package, or null when it is not installed at all. */
export function findElectronPackage(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The Electron executable as the package's own index.js would locate it (path.txt + dist/, or
 * ELECTRON_OVERRIDE_DIST_PATH), or null when it has not been downloaded.
 */
export function electronExecutable(electronDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? path.join(override, relative || 'electron') : relative ? path.join(electronDir, 'dist', relative) : null;
  return exe && existsSync(exe) ? exe : null;
}

export interface LaunchOptions {
  /** Arguments after `launch.js`, passed on to the app. */
  args: readonly string[];
  /** The `electron` package folder; default: the one node_modules resolves. */
  electronDir?: string | null;
  /** The main-process script; default: build/electron/main.js next to this file. */
  mainScript?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress and error lines (already in Vietnamese then English). */
  print?: (line: string) => void;
  /** Give up on the download after this long. */
  installTimeoutMs?: number;
}

function both(key: MessageKey, params: Record<string, string | number> = {}): string {
  return `${formatMessage('vi', key, params)}\n${formatMessage('en', key, params)}`;
}

/** Run Electron's install.js; resolves to null on success, or a one-line reason. */
function runElectronInstaller(electronDir: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string | null> {
  const script = path.join(electronDir, 'install.js');
  if (!existsSync(script)) return Promise.resolve(`${script} not found`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: electronDir, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(null);
      // The installer prints a stack; its first line names the cause (e.g. getaddrinfo ENOTFOUND github.com).
      const firstLine = stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
      resolve(firstLine ?? (signal ? `installer stopped by ${signal}` : `installer exited with code ${code}`));
    });
  });
}

/**
 * Find or fetch the Electron binary, then run the app with it. Resolves to the exit code for the
 * launcher: the app's own code, or 1 when the desktop shell is unavailable.
 */
export async function launchDesktop(opts: LaunchOptions): Promise<number> {
  const env = { ...(opts.env ?? process.env) };
  const print = opts.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const electronDir = opts.electronDir === undefined ? findElectronPackage() : opts.electronDir;
  if (!electronDir) {
    print(both('shell.electronUnavailable', { detail: 'npm package "electron" is not installed' }));
    return 1;
  }
  let exe = electronExecutable(electronDir, env);
  if (!exe) {
    print(both('shell.downloadingElectron'));
    const failure = await runElectronInstaller(electronDir, env, opts.installTimeoutMs ?? 15 * 60_000);
    exe = electronExecutable(electronDir, env);
    if (!exe) {
      const detail = failure ?? (env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : 'the installer left no binary');
      print(both('shell.electronUnavailable', { detail }));
      return 1;
    }
  }
  const mainScript = opts.mainScript ?? fileURLToPath(new URL('./main.js', import.meta.url));
  // The services need better-sqlite3 built for Electron's ABI, not the Node one `npm ci` built.
  if (!env.PARCELDESK_SQLITE_BINDING) {
    const version = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version as string;
    const root = path.resolve(path.dirname(mainScript), '../..');
    const native = ensureElectronSqlite(root, version, print);
    if (!native.binding) {
      print(both('shell.electronUnavailable', { detail: `better-sqlite3 for Electron ${version}: ${native.reason}` }));
      return 1;
    }
    env.PARCELDESK_SQLITE_BINDING = native.binding;
  }
  // Inherited from some tool, this variable would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolve) => {
    const child = spawn(exe, [mainScript, ...opts.args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (err) => {
      print(both('shell.electronExited', { detail: err.message }));
      done(1);
    });
    child.on('close', (code, signal) => {
      if (code === null) {
        print(both('shell.electronExited', { detail: `signal ${signal}` }));
        done(1);
      } else done(code);
    });
  });
}

if (isEntryPoint(import.meta.url)) {
  launchDesktop({ args: process.argv.slice(2) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
