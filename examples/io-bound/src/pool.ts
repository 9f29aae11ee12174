// The pool both pool versions share, shaped like ThreadPoolExecutor's: one work queue,
// and `size` members that each take the next URL whenever they are free, until it is
// empty. No member owns a share of the URLs: one that boots late or runs slow simply
// takes fewer. `sequential` is the broken contrast: each member runs to its end (and
// so drains the whole queue) before the next one starts.
// A Worker and a ChildProcess differ in how they are started and sent to, and in
// little else: both emit 'message' and 'exit', so one pool drives either.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './download.ts';

type Start = (member: number) => Worker | ChildProcess;
export async function runPool(urls: string[], size: number, sequential: boolean, start: Start) {
  const queue = [...urls];
  const outcomes: Outcome[] = [];
  const members: (Worker | ChildProcess)[] = [];
  const ended: Promise<void>[] = [];
  try {
    for (let index = 0; index < size; index++) {
      const member = start(index);
      members.push(member);
      // A member's message is the outcome of its last URL (none the first time) and
      // its ask for the next one. Main answers at once: the queue is only ever read
      // here, on main's one thread, so two members can never be handed the same URL.
      // An answer without a URL says the queue is empty, and the member ends.
      member.on('message', ({ outcome }: { outcome?: Outcome }) => {
        if (outcome) outcomes.push(outcome);
        const answer = { url: queue.shift() };
        if (member instanceof Worker) member.postMessage(answer);
        else member.send(answer, () => {}); // a callback: a dead child's send is no crash
      });
      // 'exit' fires once, so it is listened to from the start: a member that dies
      // fails the run, named by its exit code or the signal that killed it.
      const name = `${member instanceof Worker ? 'thread' : 'process'} ${index}`;
      ended.push(
        once(member, 'exit').then(([code, signal]) => {
          if (signal) throw new Error(`${name} was killed by ${signal}`);
          if (code !== 0) throw new Error(`${name} exited with code ${code}`);
        }),
      );
      if (sequential) await ended[index];
    }
    await Promise.all(ended);
    return outcomes;
  } finally {
    // On a failure the others are stopped too: nothing is left running.
    for (const member of members) {
      if (member instanceof Worker) void member.terminate();
      else member.kill();
    }
    await Promise.allSettled(ended);
  }
}
