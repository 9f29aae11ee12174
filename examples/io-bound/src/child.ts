// One process of the pool: the thread's loop, over the IPC channel `fork` opened. It
// asks for a URL, downloads it, and sends back the outcome (its next ask), until
// the parent has none left.
import { Agent } from 'undici';
import { downloadSite } from './download.ts';

// Its own Agent: the Pool's initializer=set_global_session, one session per process,
// with one connection, as the thread's.
const agent = new Agent({ connections: 1 });
// With a callback, a send to a parent that has already gone is dropped, not thrown.
const send = (message: object) => process.send!(message, undefined, {}, () => {});
process.on('message', async ({ url }: { url?: string }) => {
  if (url === undefined) {
    // The queue is empty: close the sockets, then the channel, and the process ends.
    await agent.close();
    return process.disconnect();
  }
  send({ outcome: await downloadSite(url, agent, `process-${process.argv[2]}`) });
});
send({}); // the first ask: nothing done yet
// The parent going away (Ctrl-C, a failure) closes the channel too: end then, at once.
process.once('disconnect', () => process.exit(0));
// A parent gone while this module still loaded: 'disconnect' fired with no listener.
if (!process.connected) process.exit(0);
