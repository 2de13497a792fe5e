/**
 * Serving the built renderer (build/renderer) safely, for the Electron app:// protocol and the
 * loopback web server alike: a URL path maps to a file inside the root or to nothing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
};

/** MIME type from the file extension; unknown files are served as opaque bytes (with nosniff). */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a URL pathname (still percent-encoded, as in `new URL(u).pathname`) to an absolute file path
 * inside `root`, or null when it would leave the root or is malformed. Encoded dots and slashes,
 * backslashes, NUL bytes and dot-files are all refused rather than interpreted, because each has
 * been a traversal vector in some static server.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // An encoded "/" would let one URL segment become two path segments after decoding.
  if (/%2f|%5c/i.test(pathname)) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s.startsWith('.'))) return null;
  let relative = segments.join('/');
  if (relative === '' || relative.endsWith('/')) relative += 'index.html';
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  const rel = path.relative(base, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Read the file a pathname maps to, or null (not found, a directory, outside the root). With
 * `checkRealPath` the resolved file must also be inside the real root after following symlinks;
 * the Electron shell turns it off because its root lives inside app.asar, which has no symlinks.
 */
export async function readStaticFile(
  root: string,
  pathname: string,
  opts: { checkRealPath?: boolean } = {},
): Promise<StaticFile | null> {
  const file = resolveStaticPath(root, pathname);
  if (file === null) return null;
  try {
    if (opts.checkRealPath ?? true) {
      const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
      const rel = path.relative(realRoot, realFile);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    }
    const stat = await fs.stat(file);
    if (!stat.isFile()) return null;
    return { body: await fs.readFile(file), contentType: contentTypeOf(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP') return null;
    throw err;
  }
}
