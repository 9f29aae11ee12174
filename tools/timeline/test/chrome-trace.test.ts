import { type SpanSpec, spans, type Trace } from '@concurrency/harness';
import { describe, expect, it } from 'vitest';
import { squareSpans } from '../../../examples/task-queue/test/figure.ts';
import { workerSpans } from '../../../examples/threads/test/figure.ts';
import { type ChromeEvent, toChromeTrace } from '../src/chrome-trace.ts';
import { formatProblems } from './chrome-format.ts';

import { fixture } from './fixture.ts';

/** The harness's spans for a claim, in microseconds from the trace's first event. */
function harnessSpans(trace: Trace, spec: SpanSpec) {
  const t0 = trace[0]!.t;
  return spans(trace, spec).map((s) => ({
    ts: (s.start.t - t0) * 1000,
    dur: (s.end.t - s.start.t) * 1000,
  }));
}

function expectSameSpans(actual: ChromeEvent[], expected: { ts: number; dur: number }[]) {
  const byStart = (a: { ts?: number }, b: { ts?: number }) => a.ts! - b.ts!;
  const got = [...actual].sort(byStart);
  expect(got).toHaveLength(expected.length);
  expected.sort(byStart).forEach((span, i) => {
    expect(got[i]!.ts).toBeCloseTo(span.ts, 1);
    expect(got[i]!.dur).toBeCloseTo(span.dur, 1);
  });
}

describe('toChromeTrace', () => {
  it.each(['threads', 'task-queue', 'cpu-bound'])(
    'turns %s into a file the trace event format accepts',
    (name) => {
      const file = toChromeTrace(fixture(name));
      expect(formatProblems(file)).toEqual([]);
      expect(file.traceEvents.some((e) => e.ph === 'X')).toBe(true);
      expect(JSON.parse(JSON.stringify(file))).toEqual(file);
    },
  );

  it("draws threads' workers as the same spans the harness measures for its claim", () => {
    const trace = fixture('threads');
    const workers = toChromeTrace(trace).traceEvents.filter(
      (e) => e.ph === 'X' && /^worker-/.test(String(e.args.actor)),
    );
    expectSameSpans(workers, harnessSpans(trace, workerSpans));
  });

  it("draws task-queue's square jobs as the harness's spans, the killed job as a fault across its process", () => {
    const trace = fixture('task-queue');
    const file = toChromeTrace(trace);
    const squares = file.traceEvents.filter(
      (e) => e.ph === 'X' && /^square-/.test(String(e.args.job)),
    );
    expectSameSpans(squares, harnessSpans(trace, squareSpans));
    const faults = file.traceEvents.filter((e) => e.cat === 'fault');
    expect(faults.map((e) => e.name)).toEqual(
      expect.arrayContaining(['kill', 'sigterm', 'failed']),
    );
    expect(faults.every((e) => e.ph === 'i' && e.s === 'p')).toBe(true);
  });

  it('names one process per pid (main where main is) and one track per actor, numbered from 1', () => {
    const trace = fixture('task-queue');
    const meta = toChromeTrace(trace).traceEvents.filter((e) => e.ph === 'M');
    const processes = meta.filter((e) => e.name === 'process_name');
    expect(processes.map((e) => e.pid).sort()).toEqual(
      [...new Set(trace.map((e) => e.pid))].sort(),
    );
    const mainPid = trace.find((e) => e.actor === 'main')!.pid;
    expect(processes.find((e) => e.pid === mainPid)!.args.name).toBe('main');
    const threads = meta.filter((e) => e.name === 'thread_name').map((e) => e.args.name);
    for (const actor of new Set(trace.map((e) => e.actor))) expect(threads).toContain(actor);
  });

  it("closes each job's span with its own job's end, whatever the order they end in", () => {
    const at = (t: number, event: string, job: string) => ({
      t,
      pid: 7,
      tid: 0,
      actor: 'w',
      event,
      job,
    });
    const file = toChromeTrace([
      at(0, 'start', 'a'),
      at(1, 'start', 'b'),
      at(2, 'finish', 'b'),
      at(9, 'finish', 'a'),
    ]);
    const xs = file.traceEvents.filter((e) => e.ph === 'X');
    expect(xs.map((e) => [e.name, e.ts, e.dur, e.tid])).toEqual([
      ['a', 0, 9000, 1],
      ['b', 1000, 1000, 1],
    ]);
  });

  it('keeps a span that never closed, to the last event of its actor, and says so', () => {
    const at = (t: number, actor: string, event: string, job?: string) => ({
      t,
      pid: 7,
      tid: 0,
      actor,
      event,
      ...(job ? { job } : {}),
    });
    const file = toChromeTrace([
      at(0, 'w', 'start', 'a'),
      at(1, 'w', 'start', 'b'),
      at(3, 'w', 'finish', 'a'),
      at(4, 'w', 'tick'),
      at(5, 'boss', 'kill'),
    ]);
    expect(formatProblems(file)).toEqual([]);
    const xs = file.traceEvents.filter((e) => e.ph === 'X');
    expect(xs.map((e) => [e.name, e.ts, e.dur, e.tid])).toEqual([
      ['a', 0, 3000, 1],
      ['b (never finished)', 1000, 3000, 3],
    ]);
    // b crosses a on w's track, so it gets a second track of w's (boss took tid 2 first).
    const track3 = file.traceEvents.find((e) => e.name === 'thread_name' && e.tid === 3)!;
    expect(track3.args.name).toBe('w (2)');
    const kill = file.traceEvents.find((e) => e.name === 'kill')!;
    expect([kill.cat, kill.s]).toEqual(['fault', 'p']);
  });
});
