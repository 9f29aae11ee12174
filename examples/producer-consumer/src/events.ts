// Every line of both versions, worded once. Each event carries `version` so that the
// tests can check the two halves of a run apart, and the queue's events carry `depth`,
// the number of messages in the queue right after the put or get.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { emit } from '@concurrency/trace';
import { type Message, nameOf, type Version } from './pipeline.ts';

export type PipelineEvents = ReturnType<typeof pipelineEvents>;

export function pipelineEvents(version: Version, capacity: number) {
  const fields = (m: Message, depth?: number) => ({
    version,
    producer: m.producer,
    seq: m.seq,
    item: nameOf(m),
    ...(depth === undefined ? {} : { depth }),
  });
  const producer = (m: Message) => `producer-${m.producer}`;
  const queueText = (depth: number) => `queue ${depth}/${capacity}`;
  return {
    receive: (m: Message) =>
      emit(producer(m), 'receive', `Producer ${m.producer} got message ${nameOf(m)}`, fields(m)),
    // put and get are traced, not printed: they are the steps the depth check replays.
    put: (m: Message, depth: number) => emit(producer(m), 'put', undefined, fields(m, depth)),
    wait: (m: Message, depth: number) =>
      emit(
        producer(m),
        'wait',
        `Producer ${m.producer} waits with message ${nameOf(m)}: ${queueText(depth)}`,
        fields(m, depth),
      ),
    get: (m: Message, depth: number) =>
      emit(
        'consumer',
        'get',
        `Consumer storing message ${nameOf(m)} (${queueText(depth)})`,
        fields(m, depth),
      ),
    drop: (m: Message) =>
      emit(
        producer(m),
        'drop',
        `Producer ${m.producer} dropped message ${nameOf(m)}: nobody reads the queue`,
        fields(m),
      ),
    producerExit: (p: number) =>
      emit(`producer-${p}`, 'exit', `Producer ${p} saw the stop. Exiting`, {
        version,
        producer: p,
      }),
    stop: (depth: number, waiting: number) =>
      emit('main', 'stop', `Main: ${queueText(depth)} and every producer waits: setting the stop`, {
        version,
        depth,
        waiting,
      }),
    consumerExit: (left: number, drain: boolean) =>
      emit(
        'consumer',
        'exit',
        drain
          ? 'Consumer: stop set, producers gone, queue empty. Exiting'
          : `Consumer saw the stop. Exiting with ${left} messages still queued`,
        { version, left },
      ),
    file: (path: string) => {
      const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
      return emit(
        'main',
        'file',
        `Main: ${path} holds ${lines} ${lines === 1 ? 'message' : 'messages'}`,
        { version, lines, path: resolve(path) },
      );
    },
  };
}
