// What the browser tests share: the built site served over HTTP from its folder, and
// Debian's Chromium, found on this machine (never downloaded).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** The system's Chromium: CHROMIUM_PATH if set (and only it), or Debian's, or one on the PATH. */
export function findChromium(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined) return existsSync(named) ? named : undefined;
  const path = (process.env.PATH ?? '').split(':').filter(Boolean);
  const candidates = [
    '/usr/bin/chromium',
    ...['chromium', 'chromium-browser'].flatMap((name) => path.map((dir) => join(dir, name))),
  ];
  return candidates.find((file): file is string => !!file && existsSync(file));
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

export interface StaticSite {
  origin: string;
  /** Every path asked for that the folder does not hold. */
  missing: string[];
  close(): Promise<void>;
}

/** Serves `dir` on a free loopback port, as any static host would: no fallbacks. */
export async function serveStatic(dir: string): Promise<StaticSite> {
  const missing: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      missing.push(path);
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    missing,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
