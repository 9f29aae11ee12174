// Slow machines and CI get more time before a run counts as hung; the timing
// assertions themselves never depend on this. (No imports here: vitest.config.ts
// loads this file, and Node 20 cannot load the TypeScript sources of other packages.)
export const HANG_TIMEOUT_MS = 30_000 * (process.env.CI ? 2 : 1);
