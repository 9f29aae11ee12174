// One thread of the pool. It asks main for a URL, downloads it, and sends back the
// outcome, which is also its ask for the next one, until main has none left.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';
import { downloadSite } from './download.ts';

// Its own Agent, kept for every download it makes: threading.local's session. One
// download at a time needs one connection (io-bound.ts says why it is capped).
const agent = new Agent({ connections: 1 });
// parentPort is this thread's end of the channel `new Worker` opened. Messages cross
// it by structured clone: an outcome is plain data, so it copies whole.
parentPort!.on('message', async ({ url }: { url?: string }) => {
  if (url === undefined) {
    // The queue is empty. Close the Agent's kept-alive sockets, then the port: with
    // nothing left to wait on, the thread ends on its own (exit code 0).
    await agent.close();
    return parentPort!.close();
  }
  parentPort!.postMessage({ outcome: await downloadSite(url, agent, `thread-${workerData}`) });
});
parentPort!.postMessage({}); // the first ask: nothing done yet
