// One download, the same in every version: `download_site(url, session)`.
import { emit } from '@concurrency/trace';
import { type Agent, fetch } from 'undici';

/** What a download gives back: its bytes, or why it failed. Plain data: it crosses threads. */
export type Outcome =
  | { id: number; site: number; bytes: number }
  | { id: number; site: number; error: string };

/** A URL `/site-<site>/<id>` names a site and the download's place in the list. */
export function siteOf(url: string): { site: number; id: number } {
  const [, site = 0, id = 0] = new URL(url, 'http://x').pathname
    .split('/')
    .map((part) => Number(part.replace('site-', '')));
  return { site, id };
}

// `agent` is the requests.Session: it keeps connections open between downloads. A
// failure is returned, not thrown, so one bad site does not hide the others
// (gather's return_exceptions=True).
export async function downloadSite(url: string, agent: Agent, actor: string): Promise<Outcome> {
  const where = siteOf(url);
  // Traced, not printed: the test counts the downloads (`?v=` names the version).
  const traced = { ...where, version: new URL(url).searchParams.get('v') };
  try {
    // undici's fetch is the one Node ships as a global; `dispatcher` picks the Agent.
    const response = await fetch(url, { dispatcher: agent });
    // Read the body to its end even when it is not wanted: one still arriving holds
    // its socket from the next download (these bodies are small and come whole).
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    emit(actor, 'downloaded', undefined, { ...traced, bytes: body.byteLength });
    return { ...where, bytes: body.byteLength };
  } catch (error) {
    // undici puts the socket's own reason (ECONNRESET, UND_ERR_SOCKET) in `cause`.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    emit(actor, 'failed', undefined, { ...traced, error: reason });
    return { ...where, error: reason };
  }
}
