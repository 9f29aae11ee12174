// contextvars, on Node: AsyncLocalStorage. One thread serves every request at once,
// so "the current request" cannot live in a variable. Instead each request's async
// chain (its awaits, its timers, the listeners it adds) carries a store, and any
// function down the chain asks for it: the request id is never passed as an argument.
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { EventEmitter, once } from 'node:events';
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import { emit, scaled, sleep, workerEntry } from '@concurrency/trace';
import { gate } from './proof.ts';

/** The durations the lesson is written in; every sleep is scaled from these. */
export const nominal = { requests: 4, queryMs: 200, timerMs: 100, loadMs: 300 } as const;
/** Request k asks for users[k - 1]: the data, which is passed as an argument. */
export const users = ['ada', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jo'];
/** The broken contrast (a module variable) and the trap (a listener not bound). */
export const mode = { moduleVariable: false, bind: true };

// Python: request_id = contextvars.ContextVar("request_id")
const requestId = new AsyncLocalStorage<number>();

// Python: local = threading.local(), shared by asyncio tasks that run on one thread.
// The broken twin: one variable for the whole process; each request overwrites it.
let currentRequest: number | undefined;

// Python: request_id.set(rid), inside the request's own task. run() gives fn, and
// all it starts from there (awaits, timers, listeners it adds), the store `id`.
export function runAs<T>(id: number, fn: () => T): T {
  if (!mode.moduleVariable) return requestId.run(id, fn);
  currentRequest = id;
  return fn();
}

// Python: request_id.get(). Whoever logs asks for the id; nobody passes it down.
// Outside any run() there is no store: getStore() returns undefined.
function currentId(): number | undefined {
  return mode.moduleVariable ? currentRequest : requestId.getStore();
}

/** One log line, tagged with the id the store holds right now (`?`: none). */
export function log(user: string, step: string, text: string): void {
  const id = currentId() ?? null;
  emit(`request-${id ?? '?'}`, step, `[req ${id ?? '?'}] ${user}: ${text}`, { id, user });
}

// A price list every request needs, loaded once: the first to ask starts the load,
// the others wait for its 'loaded' event, on an emitter they all share.
const prices = new EventEmitter();

function pricesLoaded(user: string): Promise<void> {
  return new Promise((resolve) => {
    const heard = () => resolve(log(user, 'listener', 'in an event listener'));
    // The trap: emit() calls every listener in the context of its own caller (the
    // load that the first request started), not in the subscriber's. bind() ties
    // the listener to the context it is bound in. Python: ctx = copy_context(),
    // later ctx.run(heard); asyncio's add_done_callback does that by itself.
    prices.once('loaded', mode.bind ? AsyncResource.bind(heard) : heard);
    // The first to wait starts the load, in its own context; the others only wait.
    if (prices.listenerCount('loaded') > 1) return;
    emit('prices', 'load', undefined, { id: currentId() ?? null }); // traced, not printed
    setTimeout(() => prices.emit('loaded'), scaled(nominal.loadMs));
  });
}

// Python: a threading.Thread starts with an empty context. A worker is another
// isolate: it does not see this store at all, so the id goes in workerData and
// the worker enters it again with a run() of its own (worker.ts).
async function inWorker(user: string, fail: boolean): Promise<void> {
  const workerData = { id: currentId(), user, fail };
  const worker = new Worker(workerEntry(new URL('./worker.ts', import.meta.url)), { workerData });
  // Python: thread.join(). once() rejects with the worker's error if it threw.
  const [code] = await once(worker, 'exit');
  if (code !== 0) throw new Error(`the worker of ${user} exited with code ${code}`);
}

// One request, step by step. Its functions are given the user; the id they find.
async function handle(user: string, everyoneIn: () => Promise<void>, fail: boolean) {
  log(user, 'received', 'received');
  // Proof machinery (proof.ts): no request goes on before all have arrived.
  await everyoneIn();
  // Python: await asyncio.sleep(0.2), a query. The store survives the await.
  await sleep(nominal.queryMs);
  log(user, 'awaited', 'after an await');
  // Python: loop.call_later(0.1, fn). A timer keeps the context it was set in.
  const fired = () => log(user, 'timer', 'in a timer callback');
  await new Promise((done) => setTimeout(() => done(fired()), scaled(nominal.timerMs)));
  await pricesLoaded(user);
  await inWorker(user, fail);
  log(user, 'responded', 'responded');
}

/** A loopback HTTP server, and `requests` GETs at once, each with its id in a header. */
export async function serve({ requests = nominal.requests as number, failing = 0 }) {
  const everyoneIn = gate(requests);
  const handled: Promise<void>[] = [];
  // Python: asyncio.start_server, whose handler runs as a task per connection.
  // Here the handler enters the request's id with run(), before anything else.
  const server = createServer((request, response) => {
    const id = Number(request.headers['x-request-id']);
    const user = String(request.url).slice(1);
    const done = runAs(id, () => handle(user, everyoneIn, id === failing));
    handled.push(done);
    // A failed request is cut off (the client sees the socket close), and its
    // failure waits in `handled` for main.
    done.then(() => response.end(user)).catch((error) => response.destroy(error));
  });
  // Loopback only, on port 0: the system picks a free port.
  await once(server.listen(0, '127.0.0.1'), 'listening');
  const { port } = server.address() as { port: number };
  try {
    // The client: the id travels in a header, as a gateway in front would send it.
    const asks = users.slice(0, requests).map(async (user, k) => {
      const headers = { 'x-request-id': `${k + 1}` };
      return (await fetch(`http://127.0.0.1:${port}/${user}`, { headers })).text();
    });
    await Promise.allSettled(asks);
    // Every request answered or cut off; a handler's failure (a worker that threw)
    // goes up from here, and main reports it in one line.
    await Promise.all(handled);
  } finally {
    server.close();
  }
}
