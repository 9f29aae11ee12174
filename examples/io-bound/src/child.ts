// One process of the pool: say it is ready, take its share, download it one by one,
// send the outcomes back, end.
import { Agent } from 'undici';
import { downloadInTurn } from './download.ts';

const member = process.argv[2];
process.once('message', async ({ urls }: { urls: string[] }) => {
  const agent = new Agent();
  const outcomes = await downloadInTurn(urls, agent, `process-${member}`);
  await agent.close();
  process.send!(outcomes, () => process.disconnect());
});
process.send!({ ready: true });
// The parent going away (Ctrl-C, a failure) closes the channel: end then, never linger.
process.once('disconnect', () => process.exit(0));
