import { describe, expect, test } from 'vitest';
import { renderTimeline, timeOf } from '../src/timeline.ts';
import { ev, traceOf } from './ev.ts';

const main = ev(0, 'main', 'start');
const oneStart = ev(10, 'worker-1', 'start');
const oneFinish = ev(100, 'worker-1', 'finish');
const twoStart = ev(50, 'worker-2', 'start');
const twoFinish = ev(150, 'worker-2', 'finish');
const mainEnd = ev(200, 'main', 'finish');
const run = traceOf(main, oneStart, oneFinish, twoStart, twoFinish, mainEnd);

function lanes(timeline: string): string[] {
  return timeline.split('\n').slice(1, -3);
}

describe('renderTimeline', () => {
  test('draws one lane per actor, in order of first appearance', () => {
    const names = lanes(renderTimeline(run)).map((lane) => lane.split(' ')[0]);
    expect(names).toEqual(['main', 'worker-1', 'worker-2']);
  });

  test('shows an actor active from its first event to its last, and idle elsewhere', () => {
    const timeline = renderTimeline(traceOf(main, twoStart, twoFinish, mainEnd), { width: 21 });
    expect(lanes(timeline)).toEqual([
      'main     ●━━━━━━━━━━━━━━━━━━━●',
      'worker-2      ●━━━━━━━━━●',
    ]);
  });

  test('marks the given events with letters, in the order given', () => {
    const timeline = renderTimeline(run, { width: 21, mark: [twoStart, oneFinish] });
    expect(lanes(timeline)).toEqual([
      'main     ●━━━━━━━━━━━━━━━━━━━●',
      'worker-1  ●━━━━━━━━B',
      'worker-2      A━━━━━━━━━●',
    ]);
  });

  test('two marked events in one column show as *, so neither letter misleads', () => {
    const [a, b] = [ev(0, 'w', 'start'), ev(1, 'w', 'tick')];
    const timeline = renderTimeline(traceOf(a, b, ev(1000, 'w', 'finish')), { mark: [a, b] });
    expect(lanes(timeline)[0]).toMatch(/^w \*━+●$/);
  });

  test('labels the axis in ms from the first event, from 0 to the trace length', () => {
    expect(renderTimeline(run, { width: 21 }).split('\n')).toEqual([
      'timeline: 200.0 ms from the first event to the last, 10.0 ms per column',
      'main     ●━━━━━━━━━━━━━━━━━━━●',
      'worker-1  ●━━━━━━━━●',
      'worker-2      ●━━━━━━━━━●',
      '         ┬─────────┬─────────┬',
      '         0         100     200 ms',
      '         ● event  ━ from first to last event',
    ]);
  });

  test('fits an 80-column terminal, cutting long actor names', () => {
    const long = traceOf(ev(0, 'a-very-long-actor-name-indeed', 'start'), ev(987, 'b', 'finish'));
    const rows = renderTimeline(long, { mark: [long[0]!] }).split('\n');
    expect(rows[1]).toMatch(/^a-very-long-ac… A/);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
  });

  test('puts everything in column 0 when all events happen at once', () => {
    const instant = traceOf(ev(0, 'a', 'start'), ev(0, 'b', 'start'));
    expect(renderTimeline(instant).split('\n')).toEqual([
      'timeline: 0.0 ms from the first event to the last, 0.0 ms per column',
      'a ●',
      'b ●',
      '  ┬───────────────────────────────────────────────────────────',
      '  0 ms',
      '  ● event  ━ from first to last event',
    ]);
  });

  test('says so when the trace is empty', () => {
    expect(renderTimeline([])).toBe('timeline: the trace is empty');
  });
});

describe('timeOf', () => {
  test('counts milliseconds from the trace start, to one decimal', () => {
    expect(timeOf(run, oneFinish)).toBe('100.0 ms');
    expect(timeOf(run, { t: run[0]!.t + 12.345 })).toBe('12.3 ms');
  });
});
