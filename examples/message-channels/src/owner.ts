// Part 5: a worker owns the counter; the others only send it messages.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { emit } from '@concurrency/trace';
import { joinAll, nominal, startWorker } from './message-channels.ts';

/**
 * Part 5: one owner of the state (Go by Example's stateful goroutines). The
 * counter lives in one worker; the others never touch it, they send "add 1" over
 * a port of their own, and the owner applies each message in turn. No lock and no
 * Atomics: nothing is shared, so no update can be lost (race-conditions shows the
 * shared-memory way, and what goes wrong without a lock).
 */
export async function ownedCounter({ workers = nominal.workers as number, adds = nominal.adds }) {
  const ownerEnds: MessagePort[] = [];
  // The adders: threads that will never see the counter, only a port to its owner.
  const adders = [];
  for (let i = 0; i < workers; i++) {
    // requests := make(chan add): in Node one channel per adder, one end to the
    // adder, the other to the owner. A port has one reader, so the owner holds all.
    const { port1, port2 } = new MessageChannel();
    adders.push(startWorker({ role: 'adder', port: port1, adds }, [port1]));
    ownerEnds.push(port2);
  }
  // go owner(requests): every owner end moves to the one worker that counts.
  const owner = startWorker({ role: 'owner', ports: ownerEnds }, ownerEnds);
  emit('main', 'adders', `Main: ${workers} workers send ${adds} adds each to the owner`);
  // The owner prints the total once every adder has said done; then all exit.
  await joinAll([owner, ...adders]);
}
