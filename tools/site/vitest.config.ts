export { baseConfig as default } from '@concurrency/harness/vitest';
