import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer bundle. `base: './'` keeps every asset path relative, because the same build is served
 * from app:// by Electron and from http://127.0.0.1:<port>/ by the loopback web bridge.
 * No inline scripts are emitted (the CSP is script-src 'self').
 */
export default defineConfig({
  root,
  base: './',
  // Vite 8 transforms TS/TSX with oxc; the automatic runtime matches tsconfig's "jsx": "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../build/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep the module-preload polyfill out: it would be an inline script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
