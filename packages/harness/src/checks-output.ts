import type { TraceEvent } from '@concurrency/trace';
import { lettersFor, TraceCheckError } from './check-error.ts';
import { markLetter } from './timeline.ts';
import type { Trace } from './trace-file.ts';

// Past this many, a list of lines says how many more there are instead.
const LISTED = 20;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

/**
 * What a person saw is what the trace says happened: the non-empty lines of stdout
 * are, as a multiset, exactly the texts of the traced events. Order is not compared,
 * because lines from several threads interleave; the trace's timestamps say the order.
 * Returns the lines.
 */
export function expectStdoutMatchesTrace(stdout: string, trace: Trace): string[] {
  const shown = lines(stdout);
  const traced = trace.flatMap((event) =>
    typeof event.text === 'string' ? lines(event.text).map((line) => ({ line, event })) : [],
  );
  const rule = 'the lines on stdout are exactly the texts of the traced events';
  if (shown.length === 0 && traced.length === 0) {
    // An example always prints something; silence on both sides means nothing ran.
    const but = 'stdout is empty and no traced event has a text';
    throw new TraceCheckError({ rule, culprits: [], trace, but });
  }

  const onStdout = tally(shown);
  const missing = traced.filter(({ line }) => take(onStdout, line) === false);
  const inTrace = tally(traced.map(({ line }) => line));
  const extra = shown.filter((line) => take(inTrace, line) === false);
  if (missing.length === 0 && extra.length === 0) return shown;

  const culprits = [...new Set(missing.map(({ event }) => event))];
  const letterOf = new Map<TraceEvent, string>(culprits.map((event, i) => [event, markLetter(i)]));
  const problems = [];
  if (missing.length > 0) {
    problems.push(`${lettersFor(culprits.length)} never reached stdout`);
  }
  if (extra.length > 0) {
    problems.push(
      `stdout has ${extra.length} ${extra.length === 1 ? 'line' : 'lines'} no event traced`,
    );
  }
  const details = [
    listing(
      'on stdout, not in the trace',
      extra.map((line) => `+ ${JSON.stringify(line)}`),
    ),
    listing(
      'in the trace, not on stdout',
      missing.map(({ line, event }) => `- ${JSON.stringify(line)}  (${letterOf.get(event)})`),
    ),
  ]
    .filter((part) => part !== '')
    .join('\n');
  throw new TraceCheckError({ rule, culprits, trace, but: problems.join(', and '), details });
}

function tally(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/** Takes one `item` out of the tally; false if there was none left. */
function take(counts: Map<string, number>, item: string): boolean {
  const left = counts.get(item) ?? 0;
  if (left === 0) return false;
  counts.set(item, left - 1);
  return true;
}

function listing(title: string, items: readonly string[]): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, LISTED).map((item) => `  ${item}`);
  if (items.length > LISTED) shown.push(`  ... and ${items.length - LISTED} more`);
  return [`${title} (${items.length}):`, ...shown].join('\n');
}
