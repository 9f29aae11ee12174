// Part 1, and what every part shares: starting a worker with ports of its own,
// joining them all. Python's multiprocessing.Pipe, in Node's worker_threads.
import { once } from 'node:events';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { emit, workerEntry } from '@concurrency/trace';

/** The durations and counts the lesson is written in; every sleep is scaled from these. */
export const nominal = {
  requests: 4,
  /** The server takes (requests - n) steps to answer request n: the last asked, first answered. */
  stepMs: 200,
  /** The buffer copied, then moved: big enough that the copy costs time. */
  megabytes: 8,
  /** Go by Example's select: one word after 1 s, the other after 2 s. */
  oneMs: 1000,
  twoMs: 2000,
  /** The workers that hear the broadcast, and that add to the owner. */
  workers: 3,
  tickMs: 100,
  /** How many adds each sends the owner. */
  adds: 1000,
  /** Below this scale, thread start-up (tens of ms) is no longer small beside the sleeps. */
  minScale: 0.1,
} as const;

/** What each worker is told to be; worker.ts is the other side of every role. */
export type Role =
  | { role: 'client'; port: MessagePort; requests: number; ids: boolean }
  | { role: 'server'; port: MessagePort; requests: number; fail: boolean }
  | { role: 'echo' }
  | { role: 'sender'; port: MessagePort; word: string; afterMs: number }
  | { role: 'listener'; name: number }
  | { role: 'adder'; port: MessagePort; adds: number }
  | { role: 'owner'; ports: MessagePort[] };

const workerFile = new URL('./worker.ts', import.meta.url);

// multiprocessing.Process(target=role, args=(conn,)): a port is not copied like
// other data, it must be listed in transferList: it moves to the worker.
export function startWorker(job: Role, ports: MessagePort[] = []): Worker {
  return new Worker(workerEntry(workerFile), { workerData: job, transferList: ports });
}

// p.join() for every worker: a non-zero exit or a throw is an error; one failure
// ends the others at once (terminate()), then goes up to the command line.
export async function joinAll(workers: Worker[]): Promise<void> {
  // Listen for each 'exit' at once: it fires once, and a late listener waits forever.
  const exits = workers.map(async (worker, i) => {
    const [code] = await once(worker, 'exit');
    if (code !== 0) throw new Error(`worker ${i} exited with code ${code}`);
  });
  try {
    await Promise.all(exits);
  } catch (error) {
    // Ports keep threads alive: a client waiting for a dead server would wait forever.
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}

/**
 * Part 1: a pipe between two workers. Python:
 *   a, b = multiprocessing.Pipe()
 *   Process(target=client, args=(a,)).start(); Process(target=server, args=(b,)).start()
 * Main makes the channel, hands one port to each worker and steps aside: the two
 * talk to each other directly, main is not a relay. The client asks `requests`
 * questions at once, each with an id; the server answers the last asked first.
 */
export async function pipe({ requests = nominal.requests as number, ids = true, fail = false }) {
  // a, b = Pipe(): two entangled ports; what goes in one comes out of the other.
  const { port1, port2 } = new MessageChannel();
  // Process(target=client, args=(a,)).start(), and the server with the other end.
  const client = startWorker({ role: 'client', port: port1, requests, ids }, [port1]);
  const server = startWorker({ role: 'server', port: port2, requests, fail }, [port2]);
  // From here main is out of the conversation: it only waits for both to end.
  emit('main', 'wired', 'Main: client and server hold the two ends; main steps aside');
  await joinAll([client, server]);
}
