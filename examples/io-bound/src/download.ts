// One download, the same in every version: `download_site(url, session)`.
import { emit } from '@concurrency/trace';
import { type Agent, fetch } from 'undici';

/** What a download gives back: its bytes, or why it failed. Plain data: it crosses threads. */
export type Outcome =
  | { id: number; site: number; bytes: number }
  | { id: number; site: number; error: string };

// `agent` is the requests.Session: it keeps connections open between downloads. A
// failure is returned, not thrown, so one bad site does not hide the others
// (gather's return_exceptions=True). The URL names its site and its place in the list.
export async function downloadSite(url: string, agent: Agent, actor: string): Promise<Outcome> {
  const { pathname, searchParams } = new URL(url);
  const [, site, id] = pathname.split('/').map((part) => Number(part.replace('site-', '')));
  const where = { id: id!, site: site! };
  const version = searchParams.get('v');
  try {
    const response = await fetch(url, { dispatcher: agent });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    emit(actor, 'downloaded', undefined, { ...where, version, bytes: body.byteLength });
    return { ...where, bytes: body.byteLength };
  } catch (error) {
    // undici puts the socket's own reason (ECONNRESET, UND_ERR_SOCKET) in `cause`.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    emit(actor, 'failed', undefined, { ...where, version, error: reason });
    return { ...where, error: reason };
  }
}
