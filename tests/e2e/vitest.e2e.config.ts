import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in Debian Chromium (playwright-core) against the real services
// behind the loopback web bridge. One fork, one file at a time: each test owns a browser.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});
