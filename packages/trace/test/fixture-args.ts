import { fileURLToPath } from 'node:url';
import { runnableChild } from '../src/runnable.ts';

/**
 * Node's arguments to run a TypeScript fixture as a process: its bundle, as the
 * examples start their children (no tsx loader to boot in each run, and nothing
 * resolved from whichever folder the test runner started in).
 */
export function fixtureArgs(fixture: URL): string[] {
  const { url, execArgv } = runnableChild(fixture);
  return [...execArgv, fileURLToPath(url)];
}
