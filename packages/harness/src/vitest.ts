import { defineConfig } from 'vitest/config';
import { HANG_TIMEOUT_MS } from './timeouts.ts';

// Every package's vitest.config.ts is one line: `export default baseConfig`. The
// same config serves `pnpm --filter <package> test` and, as one project among all
// the others, the root's single vitest run (see the root vitest.config.ts). Files may
// run side by side: no test leans on having a core to itself.
export const baseConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: HANG_TIMEOUT_MS * 2,
    hookTimeout: HANG_TIMEOUT_MS,
    pool: 'forks',
    // A worker runs the package's test files one after another (each file is loaded
    // afresh; the modules it imports are shared): a fresh process per file cost about
    // 0.3 s of CPU each. Tests restore what they change (timers, spies, variables).
    isolate: false,
    // Bundle the package's src/main.ts once, so each run of it skips tsx's start-up.
    globalSetup: [new URL('./global-setup.ts', import.meta.url).pathname],
    setupFiles: [new URL('./inject-bundles.ts', import.meta.url).pathname],
  },
});
