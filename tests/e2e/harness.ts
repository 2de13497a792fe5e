/**
 * End-to-end harness: the real services (`createAppService` over a fresh temporary user-data folder)
 * behind the loopback web bridge serving build/renderer, and Debian Chromium driven by playwright-core
 * with its own temporary profile. Console errors and page errors are collected so every test can assert
 * there were none.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createAppService, type AppService } from '../../electron/services/app-service.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = path.join(REPO_ROOT, 'build', 'renderer');
export const CHROMIUM = process.env.PARCELDESK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');

/** Why the e2e suite cannot run here, or null when it can. */
export function e2eSkipReason(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set PARCELDESK_CHROMIUM)`;
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) return 'build/renderer is missing: run `npm run build:renderer` first';
  return null;
}

export interface Session {
  service: AppService;
  server: WebServer;
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Saves a full-window screenshot under test-results/e2e/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Browser window size; the default fits the three-column layout. */
  viewport?: { width: number; height: number };
  locale?: 'vi' | 'en';
}

export async function openSession(opts: SessionOptions = {}): Promise<Session> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'parceldesk-e2e-data-'));
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'parceldesk-e2e-chromium-'));
  const service = createAppService({ userDataDir, locale: 'vi', shell: 'web' });
  const server = await startWebServer({ api: service, staticDir: RENDERER_DIR });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    locale: opts.locale === 'en' ? 'en-US' : 'vi-VN',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      // WebGL through SwiftShader: the parcel layer is a WebGL layer, and there is no GPU here.
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(server.url);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    service,
    server,
    context,
    page,
    errors,
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      await server.close().catch(() => {});
      service.dispose();
      rmSync(profileDir, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until every parcel of the open project is in the map's bulk layer. */
export async function waitForParcels(page: Page, expected: number): Promise<void> {
  await page.waitForFunction((n) => window.__parceldesk?.loadedParcels() === n, expected, { timeout: 60_000 });
}
