// Part 1: a pipe between two workers, Python's multiprocessing.Pipe. Both sides are
// in this file: main calls pipe(), and the two workers it starts on this same file
// run client() and server(), talking to each other with main out of the way.
//   a, b = multiprocessing.Pipe()
//   Process(target=client, args=(a,)).start(); Process(target=server, args=(b,)).start()
import { isMainThread, MessageChannel, type MessagePort, workerData } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { joinAll, startWorker } from './message-channels.ts';
import { nominal } from './setup.ts';

// What each worker gets as workerData: its role, its end of the pipe, the flags.
type Job = {
  role: 'client' | 'server';
  port: MessagePort;
  requests: number;
  ids: boolean;
  fail: boolean;
};

// Main's side: make the channel, hand one port to each worker and step aside: main
// is not a relay. The client asks `requests` questions at once, each with an id;
// the server answers the last asked first.
export async function pipe({ requests = nominal.requests as number, ids = true, fail = false }) {
  // a, b = Pipe(): two entangled ports; what goes in one comes out of the other.
  const { port1, port2 } = new MessageChannel();
  // Process(target=client, args=(a,)).start(), and the server with the other end.
  const file = new URL('./pipe.ts', import.meta.url);
  const job = { requests, ids, fail };
  const client = startWorker(file, { ...job, role: 'client', port: port1 }, [port1]);
  const server = startWorker(file, { ...job, role: 'server', port: port2 }, [port2]);
  // From here main is out of the conversation: it only waits for both to end.
  emit('main', 'wired', 'Main: client and server hold the two ends; main steps aside');
  await joinAll([client, server]);
}

// The client: ask every question at once, each with an id, then match each reply
// to its question by that id (Python: a dict of futures by id).
function client({ port, requests, ids }: Job) {
  // pending = {}: id -> the number asked about, until its reply comes.
  const waiting = new Map<number, number>();
  // for id in range(requests): conn.send({'id': id, 'n': id + 1}), all at once.
  for (let id = 0; id < requests; id++) {
    waiting.set(id, id + 1);
    port.postMessage({ id, n: id + 1 });
  }
  // reply = conn.recv(), as an event: Node calls this for each reply in turn.
  port.on('message', (reply: { id: number; answer: number }) => {
    // The contrast, without ids: take the reply as the answer to the oldest question.
    const id = ids ? reply.id : (waiting.keys().next().value as number);
    const n = waiting.get(id) as number;
    waiting.delete(id);
    emit('client', 'reply', `Client: ${n} squared is ${reply.answer}`, { n, answer: reply.answer });
    // The last reply: hang up, and the thread ends.
    if (waiting.size === 0) port.close();
  });
}

// The server: answer each question when it is done, the slow ones last.
function server({ port, requests, fail }: Job) {
  let left = requests;
  // Each question is handled as it comes, and they overlap: a slow one does
  // not hold back a quick one behind it (a thread per request, in Python).
  port.on('message', async ({ id, n }: { id: number; n: number }) => {
    // --fail: an uncaught error ends this thread, and main hears of it.
    if (fail) throw new Error(`the server failed on question ${n}, on purpose`);
    await sleep((requests + 1 - n) * nominal.stepMs);
    // conn.send({'id': id, 'answer': n * n}): the id goes back with the answer.
    port.postMessage({ id, answer: n * n });
    // The last answer sent: close the port, and with it this thread's last task.
    if (--left === 0) port.close();
  });
}

// In a worker thread, this file is the side main named in workerData.
if (!isMainThread) {
  const job = workerData as Job;
  if (job.role === 'client') client(job);
  else server(job);
}
