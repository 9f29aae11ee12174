import { defineConfig } from 'vitest/config';
import { useSuiteTmpdir } from '../harness/src/suite-tmpdir.ts';

// The run's private TMPDIR, checked empty when it ends (see the harness's suite-tmpdir.ts).
useSuiteTmpdir();

// trace cannot use the harness's shared config: the harness depends on trace.
// Its tests restore what they change, so one worker may run several of its files in
// turn (isolate: false): a fresh process per file would cost about 0.3 s of CPU each.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    isolate: false,
    globalSetup: [new URL('../harness/src/suite-tmpdir.ts', import.meta.url).pathname],
  },
});
