// One thread of the pool: ask for a URL, download it, send back its outcome with the
// next ask, until the queue has none left. Its own Agent: threading.local's session.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent } from 'undici';
import { downloadSite } from './download.ts';

const agent = new Agent();
parentPort!.on('message', async ({ url }: { url?: string }) => {
  if (url === undefined) {
    await agent.close();
    parentPort!.close(); // nothing left to wait on: the thread ends
    return;
  }
  parentPort!.postMessage({ outcome: await downloadSite(url, agent, `thread-${workerData}`) });
});
parentPort!.postMessage({}); // the first ask
