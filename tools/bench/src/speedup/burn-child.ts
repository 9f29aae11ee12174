// A pre-started process for the speed-up figure: burn the units it is sent, answer.
import { burnCpu } from '@concurrency/trace';

process.on('message', (units: number) => process.send!(burnCpu(units)));
process.send!('ready');
