export { baseConfig as default } from './src/vitest.ts';
