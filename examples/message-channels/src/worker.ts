// The other side of every part: this file runs in a worker thread, its own V8
// isolate. It shares no variables with main; all it gets is workerData, ports
// moved to it, and messages.
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';
import { emit, sleep } from '@concurrency/trace';
import { nominal, type Role } from './message-channels.ts';

type Of<R> = Extract<Role, { role: R }>;
const job = workerData as Role;

// Part 1, the client: ask every question at once, each with an id, then match
// each reply to its question by that id (Python: a dict of futures by id).
function client({ port, requests, ids }: Of<'client'>) {
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
    if (waiting.size === 0) port.close(); // the last reply: hang up, and the thread ends
  });
}

// Part 1, the server: answer each question when it is done, the slow ones last.
function server({ port, requests, fail }: Of<'server'>) {
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

// Part 3: wait, then send one word (Go: go func() { time.Sleep(d); c <- "one" }()).
async function sender({ port, word, afterMs }: Of<'sender'>) {
  emit(`sender-${word}`, 'start', undefined, { word });
  await sleep(afterMs);
  // c1 <- "one"
  port.postMessage(word);
  port.close();
}

// Part 4: listen for the broadcast, say so, and work until it comes.
async function listener({ name }: Of<'listener'>) {
  let stopped = false;
  // Open a channel called 'stop' before saying so: only open channels hear it.
  const stop = new BroadcastChannel('stop');
  // while not stop_event.is_set(): ... the handler sets the flag, the loop reads it.
  stop.onmessage = () => {
    stopped = true;
    stop.close();
  };
  parentPort?.postMessage('listening');
  let ticks = 0;
  // The work: a tick at a time, each a sleep, so the message can come in between.
  while (!stopped) {
    await sleep(nominal.tickMs);
    ticks++;
  }
  emit(`worker-${name}`, 'stopped', `Worker ${name}: stop received`, { ticks });
}

// Part 5: send "add 1" to the owner, `adds` times, then say done. A port keeps
// its messages in order, so "done" comes after every add.
function adder({ port, adds }: Of<'adder'>) {
  for (let i = 0; i < adds; i++) port.postMessage('add');
  port.postMessage('done');
  port.close();
}

// Part 5, the owner: the only code that ever touches `count`.
function owner({ ports }: Of<'owner'>) {
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

// Which side this thread is: main said so in workerData.
if (job.role === 'client') client(job);
else if (job.role === 'server') server(job);
else if (job.role === 'sender') await sender(job);
else if (job.role === 'listener') await listener(job);
else if (job.role === 'adder') adder(job);
else if (job.role === 'owner') owner(job);
else {
  // Part 2, the echo: say it is ready, then how many bytes arrived, each time.
  parentPort?.on('message', (buffer: ArrayBuffer) => parentPort?.postMessage(buffer.byteLength));
  parentPort?.postMessage('ready');
}
