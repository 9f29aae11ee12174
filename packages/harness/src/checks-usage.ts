import type { RunResult } from './run.ts';

/**
 * A program called wrongly (unknown flag, bad count, bad time scale) exits 2, prints
 * nothing on stdout, and says what was wrong in exactly one line on stderr that
 * contains `message`. Returns that line. Every example tests its bad input this way.
 */
export function expectUsageError(
  run: Pick<RunResult, 'exitCode' | 'stdout' | 'stderr'>,
  message: string,
): string {
  const lines = run.stderr.trim().split('\n');
  const problems = [
    run.exitCode === 2 ? '' : `it exited ${run.exitCode ?? 'by a signal'}, not 2`,
    run.stdout === '' ? '' : `stdout is not empty: ${JSON.stringify(run.stdout.slice(0, 200))}`,
    lines.length === 1 ? '' : `stderr has ${lines.length} lines, not 1`,
    run.stderr.includes(message) ? '' : `stderr does not contain ${JSON.stringify(message)}`,
  ].filter(Boolean);
  if (problems.length === 0) return lines[0]!;
  throw new Error(
    `a usage error exits 2 with one line on stderr, but ${problems.join('; ')}\n` +
      `stderr: ${JSON.stringify(run.stderr)}`,
  );
}
