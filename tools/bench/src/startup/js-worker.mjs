// The plain JavaScript worker: nothing to compile, nothing to import.
import { parentPort } from 'node:worker_threads';

parentPort.postMessage(0);
