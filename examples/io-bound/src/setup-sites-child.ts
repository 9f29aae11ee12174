// The sites in a process of their own, for --many: client and server then each hold
// one socket per request against their own open-file limit, not two against one.
import { startSites } from './setup-sites.ts';

const [latencyMs, count] = process.argv.slice(2).map(Number);
const sites = await startSites(latencyMs!);
sites.expect(count!, 'many');
process.send!({ origin: sites.origin });
// The parent asks for the peak when it is done; then the server closes and we end.
process.once('message', async () => {
  const peak = sites.peak();
  await sites.close();
  process.send!({ peak }, () => process.disconnect());
});
process.once('disconnect', () => process.exit(0));
// A parent gone while this module still loaded: 'disconnect' fired with no listener.
if (!process.connected) process.exit(0);
