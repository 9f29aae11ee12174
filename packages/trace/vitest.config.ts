import { defineConfig } from 'vitest/config';

// trace cannot use the harness's shared config: the harness depends on trace.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
