// The other thread of the copy-versus-move figure, plain JavaScript (nothing to
// bundle). A copied buffer is answered with its length; a moved one is moved back,
// listed in the transfer list again, so main can send the same memory next time.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ buffer, move }) => {
  if (move) parentPort.postMessage(buffer, [buffer]);
  else parentPort.postMessage(buffer.byteLength);
});
parentPort.postMessage('ready');
