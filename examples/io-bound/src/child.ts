// One process of the pool: say it is ready, take its share, download it one by one,
// send the outcomes back, end.
import { Agent } from 'undici';
import { downloadInTurn } from './download.ts';

const member = process.argv[2];
process.once('message', async ({ urls }: { urls: string[] }) => {
  const agent = new Agent();
  const outcomes = await downloadInTurn(urls, agent, `process-${member}`);
  await agent.close();
  process.send!(outcomes, undefined, {}, () => process.connected && process.disconnect());
});
// With a callback, a send to a parent that is already gone is ignored, not a crash.
process.send!({ ready: true }, undefined, {}, () => {});
// The parent going away (Ctrl-C, a failure) closes the channel: end then, never linger.
process.once('disconnect', () => process.exit(0));
