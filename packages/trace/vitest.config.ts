import { defineConfig } from 'vitest/config';

// trace cannot use the harness's shared config: the harness depends on trace.
// Its tests restore what they change, so one worker may run several of its files in
// turn (isolate: false): a fresh process per file would cost about 0.3 s of CPU each.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, isolate: false },
});
