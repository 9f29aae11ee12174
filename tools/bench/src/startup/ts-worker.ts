// A TypeScript worker as the examples write one: it imports the project's runtime
// and answers as soon as its code runs.
import { parentPort } from 'node:worker_threads';
import { nowMs } from '@concurrency/trace';

parentPort!.postMessage(nowMs());
