import type { TraceEvent } from './emit.ts';
import type { Trace } from './trace-file.ts';

export interface TimelineOptions {
  /** Columns of plot, not counting the actor names on the left. */
  width?: number;
  /** Events to point at, drawn as A, B, C... in this order (X past the twelfth). */
  mark?: readonly TraceEvent[];
}

// Actor names are cut to this, so name + plot + units fit in 80 columns.
const NAME_WIDTH = 15;
const MARK_LETTERS = 'ABCDEFGHIJKL';
const EVENT = '●';
const ACTIVE = '━';
const CROWDED = '*';

/** The letter an error message and a timeline both use for the index-th marked event. */
export function markLetter(index: number): string {
  return MARK_LETTERS[index] ?? 'X';
}

/** How many marked events get a letter of their own; the rest share X. */
export const LETTERED_MARKS = MARK_LETTERS.length;

export function formatMs(ms: number): string {
  return `${ms.toFixed(1)} ms`;
}

/** Milliseconds since the trace's first event, for people: '212.4 ms'. */
export function timeOf(trace: Trace, event: { t: number }): string {
  return formatMs(event.t - startOf(trace, event.t));
}

function startOf(trace: Trace, fallback: number): number {
  // A Trace is sorted, but a hand-built one may not be; the minimum is safe either way.
  return trace.reduce((min, event) => Math.min(min, event.t), trace[0]?.t ?? fallback);
}

/**
 * One lane per actor, in order of first appearance, on a shared millisecond axis:
 * `━` from the actor's first event to its last, `●` at each event, and the marked
 * events as letters, so a failure message can say "A < B" and show where A and B are.
 */
export function renderTimeline(trace: Trace, options: TimelineOptions = {}): string {
  if (trace.length === 0) return 'timeline: the trace is empty';
  const width = Math.max(10, Math.floor(options.width ?? 60));
  const start = startOf(trace, 0);
  const total = trace.reduce((max, event) => Math.max(max, event.t), start) - start;
  const column = (t: number): number =>
    total === 0 ? 0 : Math.round(((t - start) / total) * (width - 1));

  const letters = new Map<TraceEvent, string>();
  options.mark?.forEach((event, index) => {
    if (!letters.has(event)) letters.set(event, markLetter(index));
  });

  const lanes = new Map<string, TraceEvent[]>();
  for (const event of trace) {
    const lane = lanes.get(event.actor) ?? [];
    lane.push(event);
    lanes.set(event.actor, lane);
  }
  const nameWidth = Math.min(NAME_WIDTH, Math.max(...[...lanes.keys()].map((a) => a.length)));
  const gutter = ' '.repeat(nameWidth + 1);

  const rows = [
    `timeline: ${formatMs(total)} from the first event to the last, ` +
      `${formatMs(total / (width - 1))} per column`,
  ];
  for (const [actor, events] of lanes) {
    rows.push(`${fitName(actor, nameWidth)} ${drawLane(events, column, letters, width)}`);
  }
  const [scale, labels] = drawAxis(total, width, (ms) => column(start + ms));
  rows.push(gutter + scale, gutter + labels);
  rows.push(
    `${gutter}${EVENT} event  ${ACTIVE} from first to last event` +
      (letters.size > 0 ? '  A B ... marked' : ''),
  );
  return rows.map((row) => row.trimEnd()).join('\n');
}

function fitName(actor: string, width: number): string {
  return actor.length > width ? `${actor.slice(0, width - 1)}…` : actor.padEnd(width);
}

function drawLane(
  events: readonly TraceEvent[],
  column: (t: number) => number,
  letters: ReadonlyMap<TraceEvent, string>,
  width: number,
): string {
  const cells: string[] = new Array(width).fill(' ');
  const columns = events.map((event) => column(event.t));
  cells.fill(ACTIVE, Math.min(...columns), Math.max(...columns) + 1);
  // Plain events first, marks on top: a culprit must never be hidden by a neighbour.
  for (const [i, event] of events.entries()) {
    if (!letters.has(event)) cells[columns[i]!] = EVENT;
  }
  const marked = new Set<number>();
  for (const [i, event] of events.entries()) {
    const letter = letters.get(event);
    if (letter === undefined) continue;
    const at = columns[i]!;
    cells[at] = marked.has(at) && cells[at] !== letter ? CROWDED : letter;
    marked.add(at);
  }
  return cells.join('');
}

/** A scale line with a tick about every ten columns at round numbers, and their labels. */
function drawAxis(
  total: number,
  width: number,
  columnOfMs: (ms: number) => number,
): [string, string] {
  const scale: string[] = new Array(width).fill('─');
  const labels: string[] = new Array(width).fill(' ');
  const step = niceStep(total / (width / 10));
  let labelEnd = -1;
  for (let k = 0; step > 0 ? k * step <= total * (1 + 1e-9) : k === 0; k++) {
    const at = columnOfMs(k * step);
    scale[at] = '┬';
    const text = String(Number((k * step).toPrecision(6)));
    // Shift the last labels left to stay inside the plot; skip one that would collide.
    const from = Math.min(at, width - text.length);
    if (from <= labelEnd) continue;
    labels.splice(from, text.length, ...text);
    labelEnd = from + text.length;
  }
  return [scale.join(''), `${labels.join('').trimEnd()} ms`];
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough) ?? 10 * power;
}
