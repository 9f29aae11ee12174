// One download, the same in every version: `download_site(url, session)`.
import { emit } from '@concurrency/trace';
import { type Agent, fetch } from 'undici';

export type Version = 'sequential' | 'promise-all' | 'threads' | 'processes';
export const versions: readonly Version[] = ['sequential', 'promise-all', 'threads', 'processes'];

/** What a download gives back: its bytes, or why it failed. Plain data: it crosses threads. */
export type Outcome =
  | { id: number; site: number; bytes: number }
  | { id: number; site: number; error: string };

/** The Python shape: `sites = [site_a, site_b] * 80`, each download with its own id. */
export function siteUrls(
  origin: string,
  sites: number,
  times: number,
  version: Version | 'many',
): string[] {
  return Array.from(
    { length: sites * times },
    (_, id) => `${origin}/site-${id % sites}/${id}?v=${version}`,
  );
}

/**
 * Download one site through `agent` (a `requests.Session`: it keeps connections
 * open between requests). A failure is returned, not thrown, so that one bad site
 * does not hide the others (`gather(..., return_exceptions=True)`).
 */
export async function downloadSite(url: string, agent: Agent, actor: string): Promise<Outcome> {
  const { pathname, searchParams } = new URL(url);
  const [, site, id] = pathname.split('/');
  const where = { id: Number(id), site: Number(site?.replace('site-', '')) };
  const version = searchParams.get('v') ?? '';
  try {
    const response = await fetch(url, { dispatcher: agent });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    emit(actor, 'downloaded', undefined, { ...where, version, bytes: body.byteLength });
    return { ...where, bytes: body.byteLength };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    emit(actor, 'failed', undefined, { ...where, version, error: reason });
    return { ...where, error: reason };
  }
}

/** Download a share of the sites one after another, on one agent. */
export async function downloadInTurn(urls: string[], agent: Agent, actor: string) {
  const outcomes: Outcome[] = [];
  for (const url of urls) outcomes.push(await downloadSite(url, agent, actor));
  return outcomes;
}
