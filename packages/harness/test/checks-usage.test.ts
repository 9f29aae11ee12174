import { describe, expect, test } from 'vitest';
import { expectUsageError } from '../src/checks-usage.ts';

const good = { exitCode: 2, stdout: '', stderr: 'demo: --workers must be at least 1, got "0"\n' };

describe('expectUsageError', () => {
  test('exit 2, empty stdout and one line naming the mistake pass, and return the line', () => {
    expect(expectUsageError(good, '--workers must be')).toBe(
      'demo: --workers must be at least 1, got "0"',
    );
  });

  test.each([
    [{ ...good, exitCode: 1 }, 'it exited 1, not 2'],
    [{ ...good, exitCode: undefined }, 'it exited by a signal, not 2'],
    [{ ...good, stdout: 'started\n' }, 'stdout is not empty: "started\\n"'],
    [{ ...good, stderr: 'demo: bad\n    at main.ts:3\n' }, 'stderr has 2 lines, not 1'],
    [{ ...good, stderr: 'demo: something else\n' }, 'stderr does not contain "--workers must be"'],
  ])('%j fails, saying %s', (run, why) => {
    expect(() => expectUsageError(run, '--workers must be')).toThrow(why);
  });
});
