// One thread of the pool: download its share one by one, post the outcomes, end.
import { parentPort, workerData } from 'node:worker_threads';
import { StartLine } from '@concurrency/trace';
import { Agent } from 'undici';
import { downloadInTurn } from './download.ts';

const { member, urls, line } = workerData as {
  member: number;
  urls: string[];
  line: SharedArrayBuffer;
};
const agent = new Agent();
new StartLine(line).arriveAndWait();
parentPort!.postMessage(await downloadInTurn(urls, agent, `thread-${member}`));
await agent.close();
