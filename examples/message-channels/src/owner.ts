// Part 5: a worker owns the counter; the others only send it messages. Both sides
// are in this file: main calls ownedCounter(), its workers run adder() and owner().
import { isMainThread, MessageChannel, type MessagePort, workerData } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import { joinAll, startWorker } from './message-channels.ts';
import { nominal } from './setup.ts';

// What each worker gets as workerData: its role, and its port (an adder) or all
// the owner's ends (the owner).
type Job =
  | { role: 'adder'; port: MessagePort; adds: number }
  | { role: 'owner'; ports: MessagePort[] };

/**
 * Part 5: one owner of the state (Go by Example's stateful goroutines). The
 * counter lives in one worker; the others never touch it, they send "add 1" over
 * a port of their own, and the owner applies each message in turn. No lock and no
 * Atomics: nothing is shared, so no update can be lost (race-conditions shows the
 * shared-memory way, and what goes wrong without a lock).
 */
export async function ownedCounter({ workers = nominal.workers as number, adds = nominal.adds }) {
  const file = new URL('./owner.ts', import.meta.url);
  const ownerEnds: MessagePort[] = [];
  // The adders: threads that will never see the counter, only a port to its owner.
  const adders = [];
  for (let i = 0; i < workers; i++) {
    // requests := make(chan add): in Node one channel per adder, one end to the
    // adder, the other to the owner. A port has one reader, so the owner holds all.
    const { port1, port2 } = new MessageChannel();
    adders.push(startWorker(file, { role: 'adder', port: port1, adds }, [port1]));
    ownerEnds.push(port2);
  }
  // go owner(requests): every owner end moves to the one worker that counts.
  const owner = startWorker(file, { role: 'owner', ports: ownerEnds }, ownerEnds);
  emit('main', 'adders', `Main: ${workers} workers send ${adds} adds each to the owner`);
  // The owner prints the total once every adder has said done; then all exit.
  await joinAll([owner, ...adders]);
}

// An adder: send "add 1" to the owner, `adds` times, then say done. A port keeps
// its messages in order, so "done" comes after every add.
function adder(port: MessagePort, adds: number) {
  for (let i = 0; i < adds; i++) port.postMessage('add');
  port.postMessage('done');
  port.close();
}

// The owner: the only code that ever touches `count`.
function owner(ports: MessagePort[]) {
  // The state, in this worker's memory only: no other thread can reach it.
  let count = 0;
  let done = 0;
  for (const port of ports) {
    // One message at a time, never two at once: count += 1 needs no lock.
    port.on('message', (message: string) => {
      if (message === 'add') count += 1;
      else if (++done === ports.length) {
        emit('owner', 'total', `Owner: counter is ${count}`, { count });
        for (const each of ports) each.close();
      }
    });
  }
}

// In a worker thread, this file is the side main named in workerData.
if (!isMainThread) {
  const job = workerData as Job;
  if (job.role === 'adder') adder(job.port, job.adds);
  else owner(job.ports);
}
