// The async queue on its own, in this process: what a waiter that gives up leaves
// behind. Nothing here sleeps; each step is awaited.
import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../src/async-queue.ts';
import type { Message } from '../src/setup.ts';

/** The queue without its trace: a waiting producer would print a line here. */
class Quiet extends AsyncQueue {
  protected override step(): void {}
}
const message = (seq: number): Message => ({ producer: 0, seq });

/**
 * What a promise has settled to by the next turn of the event loop. A waiter the
 * queue should have served by now reads 'still pending' instead of hanging the test.
 */
function afterATurn<T>(promise: Promise<T>): Promise<T | 'still pending'> {
  const turn = new Promise<'still pending'>((resolve) => setImmediate(resolve, 'still pending'));
  return Promise.race([promise, turn]);
}

describe('AsyncQueue', () => {
  it('a consumer whose get() is aborted leaves the line: the next message goes to the next get(), none is lost', async () => {
    const queue = new Quiet(2);
    const giveUp = new AbortController();
    const abandoned = queue.get({ signal: giveUp.signal });
    giveUp.abort(new Error('the consumer gave up'));
    await expect(abandoned).rejects.toThrow('the consumer gave up');
    await queue.put(message(1));
    expect(queue.depth).toBe(1);
    expect(await afterATurn(queue.get())).toEqual(message(1));
  });

  it('of two waiting consumers, the aborted one is skipped and the other gets the message', async () => {
    const queue = new Quiet(2);
    const giveUp = new AbortController();
    const first = queue.get({ signal: giveUp.signal });
    const second = queue.get();
    giveUp.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    await queue.put(message(1));
    expect(await afterATurn(second)).toEqual(message(1));
    expect(queue.depth).toBe(0);
  });

  it('a producer whose put() is aborted while the queue is full takes its message back: it is never queued', async () => {
    const queue = new Quiet(1);
    await queue.put(message(1));
    const giveUp = new AbortController();
    const waiting = queue.put(message(2), { signal: giveUp.signal });
    giveUp.abort(new Error('the producer gave up'));
    await expect(waiting).rejects.toThrow('the producer gave up');
    await expect(queue.get()).resolves.toEqual(message(1));
    // The slot freed by that get was not filled with the abandoned message.
    expect(queue.depth).toBe(0);
    queue.close();
    await expect(queue.get()).resolves.toBeUndefined();
  });

  it('a waiter served before its signal aborts keeps what it got', async () => {
    const queue = new Quiet(1);
    const giveUp = new AbortController();
    const taking = queue.get({ signal: giveUp.signal });
    await queue.put(message(1));
    giveUp.abort();
    await expect(taking).resolves.toEqual(message(1));
    expect(queue.depth).toBe(0);
  });

  it('an already aborted signal is refused at once, queue untouched', async () => {
    const queue = new Quiet(1);
    await queue.put(message(1));
    await expect(queue.get({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(queue.depth).toBe(1);
  });

  it('frees a slot for the producer that has waited longest: waiting producers go in, first come first served', async () => {
    const queue = new Quiet(1);
    await queue.put(message(1));
    const waiting = [2, 3, 4].map((seq) => queue.put(message(seq)));
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) seqs.push(((await afterATurn(queue.get())) as Message).seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(await Promise.all(waiting)).toEqual([true, true, true]);
  });

  it('close() answers whoever waits: a waiting consumer hears undefined, a waiting producer false', async () => {
    const empty = new Quiet(1);
    const taker = empty.get();
    const full = new Quiet(1);
    await full.put(message(1));
    const putter = full.put(message(2));
    empty.close();
    full.close();
    expect(await afterATurn(taker)).toBeUndefined();
    expect(await afterATurn(putter)).toBe(false);
  });

  it('after close(), a put is refused and nothing is queued; a get drains what is left, then undefined', async () => {
    const queue = new Quiet(2);
    await queue.put(message(1));
    queue.close();
    expect(await queue.put(message(2))).toBe(false);
    expect(queue.depth).toBe(1);
    expect(await afterATurn(queue.get())).toEqual(message(1));
    expect(await afterATurn(queue.get())).toBeUndefined();
  });
});
