// One process of the pool: the thread's loop, over IPC. It asks for a URL, downloads
// it, sends back its outcome with the next ask, until the queue has none left.
import { Agent } from 'undici';
import { downloadSite } from './download.ts';

const agent = new Agent();
const send = (message: object) => process.send!(message, undefined, {}, () => {});
process.on('message', async ({ url }: { url?: string }) => {
  if (url === undefined) {
    await agent.close();
    process.disconnect(); // the channel closed, nothing is left: the process ends
    return;
  }
  send({ outcome: await downloadSite(url, agent, `process-${process.argv[2]}`) });
});
send({}); // the first ask; the callback ignores a parent that is already gone
// The parent going away (Ctrl-C, a failure) closes the channel: end then, never linger.
process.once('disconnect', () => process.exit(0));
