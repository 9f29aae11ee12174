// A worker thread of the I/O figure: on each message, download `count` times with
// Promise.all through a fresh Agent of its own (new connections each round, as the
// other sides open theirs), then say it is done.
import { parentPort } from 'node:worker_threads';
import { Agent, fetch } from 'undici';

parentPort!.on('message', async ({ url, count, connections }) => {
  const agent = new Agent({ connections });
  await Promise.all(
    Array.from({ length: count }, async () =>
      (await fetch(url, { dispatcher: agent })).arrayBuffer(),
    ),
  );
  await agent.close();
  parentPort!.postMessage('done');
});
parentPort!.postMessage('ready');
