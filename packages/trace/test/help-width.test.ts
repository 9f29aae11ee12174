import { describe, expect, it } from 'vitest';
import { commandLine, HELP_WIDTH } from '../src/command-line.ts';

describe('--help', () => {
  it('wraps a long summary and a long flag line at spaces, under the flag column, within 100 columns', () => {
    const cli = commandLine({
      program: 'wide',
      summary: `a summary ${'that goes on '.repeat(10)}to the end.`,
      options: {
        connections: {
          type: 'string',
          help: `at most this many ${'connections at once '.repeat(5)}in all`,
          count: { min: 1, max: 10_000 },
        },
        quick: { type: 'boolean', help: 'a short line' },
      },
    });
    const lines = cli.help().split('\n');
    expect(lines.filter((line) => line.length > HELP_WIDTH)).toEqual([]);
    const flagLine = lines.findIndex((line) => line.startsWith('  --connections'));
    const column = lines[flagLine]!.indexOf('at most');
    expect(lines[flagLine + 1]!.slice(0, column).trim()).toBe('');
    expect(lines[flagLine + 1]!.length).toBeGreaterThan(column);
    expect(lines.filter((line) => line.includes('--quick'))).toEqual([
      expect.stringMatching(/^ {2}--quick +a short line$/),
    ]);
    // Nothing is lost: the words read the same once the lines are joined again.
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    expect(words(lines.join(' '))).toEqual(words(cli.help().replace(/\n/g, ' ')));
    expect(lines.join(' ')).toContain('(1 to 10000)');
  });
});
