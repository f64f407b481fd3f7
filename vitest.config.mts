import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/require-ts.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
