import { readmeMismatch, readmeOutput } from './readme.ts';

/**
 * readmeMismatch for output that holds a value no two runs share, such as a pid:
 * `mask` rewrites a line (`pid 4127` to `pid N`) and the README's block and the run
 * are compared masked, as sorted lines. The block itself keeps real numbers: with
 * UPDATE_README=1 it is rewritten from this run, unmasked, as readmeMismatch does.
 */
export function readmeMismatchMasked(
  readmePath: string,
  stdout: string,
  mask: (line: string) => string,
): string | undefined {
  if (process.env.UPDATE_README === '1') return readmeMismatch(readmePath, stdout);
  const shown = readmeOutput(readmePath).map(mask).sort();
  const actual = stdout
    .split('\n')
    .filter((line) => line !== '')
    .map(mask)
    .sort();
  if (shown.join('\n') === actual.join('\n')) return undefined;
  const missing = actual.filter((line) => !shown.includes(line));
  const extra = shown.filter((line) => !actual.includes(line));
  return [
    `${readmePath}: the output block does not match a real run, even with values masked`,
    `run printed, README lacks: ${JSON.stringify(missing)}`,
    `README shows, run did not print: ${JSON.stringify(extra)}`,
    'rerun the test with UPDATE_README=1 to refresh it',
  ].join('\n');
}
