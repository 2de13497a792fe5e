/**
 * Security policy shared by both shells: what the window may load, where it may navigate, which
 * Content-Security-Policy it runs under. Only type imports from 'electron' here, so the web bridge
 * and the tests use the very same rules without loading the Electron runtime.
 */
import type { WebPreferences } from 'electron';

/** The privileged scheme the renderer is served from (never file://, which would grant the whole disk). */
export const APP_SCHEME = 'app';
/** Host part of every renderer URL: `app://parceldesk/index.html`. */
export const APP_HOST = 'parceldesk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The Content-Security-Policy of the renderer in both shells. OpenLayers needs inline style
 * attributes and blob: workers/images; nothing else is relaxed. `extraImgSrc` exists for an
 * optional online basemap (off by default), which must be named origin by origin.
 */
export function contentSecurityPolicy(extraImgSrc: readonly string[] = []): string {
  for (const origin of extraImgSrc) {
    if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin)) {
      throw new Error(`CSP image origin must be a plain https origin, got ${JSON.stringify(origin)}`);
    }
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ['img-src', "'self'", 'data:', 'blob:', ...extraImgSrc].join(' '),
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Tile servers of the optional online basemap (off by default; offices are often offline). The
 * renderer's own meta CSP names the same origin, and both policies must allow a tile to load.
 */
export const BASEMAP_ORIGINS: readonly string[] = ['https://tile.openstreetmap.org'];

/** Headers every renderer response carries, in Electron (app://) and in the web bridge alike. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(BASEMAP_ORIGINS),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** True for URLs of our own renderer (`app://parceldesk/...`) and nothing else. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** The window may only ever navigate inside the app; everything else is refused. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * What to do with `window.open` / target=_blank: never a new Electron window; https links (map
 * attribution, documentation) go to the user's browser, anything else is dropped.
 */
export function windowOpenDecision(url: string): 'deny' | 'open-externally' {
  try {
    return new URL(url).protocol === 'https:' ? 'open-externally' : 'deny';
  } catch {
    return 'deny';
  }
}

/** Web preferences of every ParcelDesk window: isolated, sandboxed, no Node in the page. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}
