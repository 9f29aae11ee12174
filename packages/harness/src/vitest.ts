import { defineConfig } from 'vitest/config';
import { HANG_TIMEOUT_MS } from './timeouts.ts';

// Every package's vitest.config.ts is one line: `export default baseConfig`.
// Test files of one package run one after another: each of them starts real
// processes whose timing is asserted, and two cores are all this machine has.
export const baseConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: HANG_TIMEOUT_MS * 2,
    hookTimeout: HANG_TIMEOUT_MS,
    fileParallelism: false,
    pool: 'forks',
    // Bundle the package's src/main.ts once, so each run of it skips tsx's start-up.
    globalSetup: [new URL('./global-setup.ts', import.meta.url).pathname],
    setupFiles: [new URL('./inject-bundles.ts', import.meta.url).pathname],
  },
});
