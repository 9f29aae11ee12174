// The claims of the lesson, as checks over one version's half of a run's trace. Each
// throws a TraceCheckError that names the events breaking it.
import {
  expectAllBefore,
  expectCount,
  select,
  type Trace,
  TraceCheckError,
} from '@concurrency/harness';
import type { TraceEvent } from '@concurrency/trace';
import { arrival, nominal } from '../src/setup.ts';

export type Version = 'async' | 'threads';

/** One version's part of a run: from main's header for it up to the next header. */
export function half(trace: Trace, version: Version): Trace {
  const from = trace.findIndex((e) => e.event === 'part' && e.version === version);
  if (from < 0) return [];
  const next = trace.findIndex((e, i) => i > from && e.actor === 'main' && e.event === 'part');
  return trace.slice(from, next < 0 ? undefined : next);
}

/**
 * The producers waiting with a message in hand when main set the stop: each 'wait'
 * before the stop whose message was put after it (or never).
 */
export function waitingAtStop(trace: Trace, stop: TraceEvent): TraceEvent[] {
  const putBefore = (wait: TraceEvent) =>
    trace.some((e) => e.event === 'put' && e.item === wait.item && e.t < stop.t);
  return select(trace, (e) => e.event === 'wait' && e.t < stop.t && !putBefore(e));
}

const queueStep = { event: ['put', 'get'] };
const consumerExit = { actor: 'consumer', event: 'exit' };

/** Every message received is put once and taken once; nothing is taken that was not received. */
export function everyMessageOnce(trace: Trace): void {
  const received = select(trace, { event: 'receive' });
  for (const { item } of received) {
    expectCount(trace, { event: 'put', item }, 1);
    expectCount(trace, { event: 'get', item }, 1);
  }
  const known = new Set(received.map((event) => event.item));
  const stray = select(trace, (event) => event.event === 'get' && !known.has(event.item));
  if (stray.length > 0) {
    const rule = 'the consumer takes only messages the producers received';
    throw new TraceCheckError({ rule, culprits: stray, trace, but: 'A was never received' });
  }
}

/** The consumer takes each producer's messages in the order that producer received them. */
export function eachProducerInOrder(trace: Trace): void {
  const last = new Map<unknown, TraceEvent>();
  for (const get of select(trace, { event: 'get' })) {
    const before = last.get(get.producer);
    if (before !== undefined && (get.seq as number) <= (before.seq as number)) {
      const rule = `the consumer takes producer ${get.producer}'s messages in order`;
      throw new TraceCheckError({ rule, culprits: [before, get], trace, but: 'B comes after A' });
    }
    last.set(get.producer, get);
  }
}

/**
 * Replays the queue: each put adds one, each get takes one, and the depth each step
 * reports is what the replay says (so the trace cannot lie about it). The depth never
 * passes the capacity, and a producer waits only on a full queue.
 */
export function depthWithinCapacity(trace: Trace, capacity: number): number {
  let depth = 0;
  let peak = 0;
  const fail = (culprit: TraceEvent, rule: string, but: string): never => {
    throw new TraceCheckError({ rule, culprits: [culprit], trace, but });
  };
  for (const step of select(trace, queueStep)) {
    depth += step.event === 'put' ? 1 : -1;
    if (step.depth !== depth) {
      fail(step, 'each put adds one message and each get takes one', `A says ${step.depth}`);
    }
    if (depth > capacity || depth < 0) {
      fail(step, `the queue holds 0 to ${capacity} messages`, `after A it holds ${depth}`);
    }
    peak = Math.max(peak, depth);
  }
  for (const wait of select(trace, { event: 'wait' })) {
    if (wait.depth !== capacity) fail(wait, 'a producer waits only on a full queue', 'A did not');
  }
  return peak;
}

/**
 * The consumer leaves only after the stop, after every producer has left, and with
 * the queue empty: no message is put or taken after it goes.
 */
export function consumerLeavesDrained(trace: Trace): void {
  expectAllBefore(trace, { actor: 'main', event: 'stop' }, consumerExit);
  const [exit] = expectCount(trace, consumerExit, 1);
  if (exit!.left !== 0) {
    const rule = 'the consumer leaves with the queue empty';
    const but = `A leaves ${exit!.left} behind`;
    throw new TraceCheckError({ rule, culprits: [exit!], trace, but });
  }
  expectAllBefore(trace, { actor: /^producer-/, event: ['exit', 'drop'] }, consumerExit);
  expectAllBefore(trace, queueStep, consumerExit);
}

/** The file holds the messages taken, in the order taken, and those are all that were received. */
export function fileHoldsWhatWasProduced(trace: Trace, file: readonly string[]): void {
  const taken = select(trace, { event: 'get' }).map((event) => String(event.item));
  const received = select(trace, { event: 'receive' });
  const missing = received.filter((event) => !file.includes(String(event.item)));
  const rule = 'the file holds every message received, in the order the consumer took them';
  if (missing.length > 0) {
    const but = `the file lacks ${missing.length === 1 ? 'A' : `A and ${missing.length - 1} more`}`;
    throw new TraceCheckError({ rule, culprits: missing, trace, but });
  }
  if (file.length !== taken.length || file.some((line, i) => line !== taken[i])) {
    const but = `the file reads ${JSON.stringify(file)}, the gets ${JSON.stringify(taken)}`;
    throw new TraceCheckError({ rule, culprits: [], trace, but });
  }
}

/** All the claims, for one version of the pipeline. */
export function pipelineSpec(
  trace: Trace,
  version: Version,
  { capacity, file }: { capacity: number; file: readonly string[] },
): void {
  const events = half(trace, version);
  everyMessageOnce(events);
  eachProducerInOrder(events);
  depthWithinCapacity(events, capacity);
  consumerLeavesDrained(events);
  fileHoldsWhatWasProduced(events, file);
}

/**
 * How late the run kept its schedule, in nominal ms: the latest of the receives before
 * the stop and the stop itself, against the times they were due. Events are only ever
 * late, so the start is taken from the most punctual receive. The claims about the
 * moment of the stop (queue full, every producer waiting, the consumer still on its
 * first message) hold while this stays under the schedule's margin: 250 ms nominal
 * between the last wait (350 ms) and the stop (600 ms), 300 ms from the stop to the
 * consumer's second get (900 ms).
 */
export function lateness(trace: Trace, scale: number): number {
  const receives = select(trace, { event: 'receive' });
  const producers = new Set(receives.map((e) => e.producer)).size;
  const due = (e: TraceEvent) =>
    e.event === 'stop'
      ? nominal.stopAtMs
      : arrival(e.producer as number, producers, e.seq as number);
  const [stop] = select(trace, { actor: 'main', event: 'stop' });
  const [get] = select(trace, { event: 'get' });
  if (stop === undefined || get === undefined || receives.length === 0) {
    return Number.POSITIVE_INFINITY;
  }
  const timed = [...receives.filter((e) => e.t < stop.t), stop];
  const start = Math.min(...timed.map((e) => e.t - due(e) * scale));
  const lateBy = (e: TraceEvent, dueMs: number) => (e.t - start) / scale - dueMs;
  // The consumer's first get is due with the first message. Taken after the queue has
  // filled behind it (the fourth arrival, 150 ms nominal later, finds three queued), a
  // producer waits once more before the stop than the schedule says. Its lateness is
  // stretched by slipMargin over that shorter margin, so one bound judges both.
  const arrivals = receives.map(due).sort((a, b) => a - b);
  const [first, fills] = [arrivals[0]!, arrivals[Number(stop.capacity)] ?? Infinity];
  const getLate = (lateBy(get, first) * slipMargin) / (fills - first);
  return Math.max(getLate, ...timed.map((e) => lateBy(e, due(e))));
}

/** The most a run may slip and still show the moment of the stop (see lateness). */
export const slipMargin = 200;
