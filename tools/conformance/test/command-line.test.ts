import { fileURLToPath } from 'node:url';
import { expectToolCommandLine } from '@concurrency/harness';
import { it } from 'vitest';
import { cli } from '../src/cli.ts';

const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));

it('--help and -h print every flag and exit 0; an unknown flag points to --help', () => {
  expectToolCommandLine(entry, cli);
});
