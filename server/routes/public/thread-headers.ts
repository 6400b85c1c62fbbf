import type { ContentEncoding } from '../../services/threads/thread-answer.ts';

/** True when `If-None-Match` (one ETag or a comma-separated list) names this one: the client's copy is current. */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch.split(/\s*,\s*/).includes(etag);
}

/** The headers of a thread answer that depend on the answer itself: a 200 and a 304 of it. */
export type ThreadHeaders = { ok: Readonly<Record<string, string>>; notModified: Readonly<Record<string, string>> };

// Made once per ETag and coding (the same for every request that gets them); a key names its
// content for good, so a dropped entry is only made again.
const KEPT = 10_000;
const made = new Map<string, ThreadHeaders>();

export function threadHeaders(etag: string, encoding: ContentEncoding | null): ThreadHeaders {
  const key = encoding ? `${encoding} ${etag}` : etag;
  let entry = made.get(key);
  if (!entry) {
    // no-cache: a browser may keep it but must revalidate; the ETag makes that a 304.
    // The answer varies with the coding as well as the Origin (CORS). One weak ETag for every
    // coding: they are the same JSON (RFC 9110 §8.8.1, a weak validator names equivalent content),
    // so a copy kept in any coding revalidates with a 304. A 304 carries what the 200 would have
    // in ETag, Cache-Control and Vary (RFC 9110 §15.4.5), and nothing about a body.
    const notModified = Object.freeze({ ETag: etag, 'Cache-Control': 'no-cache', Vary: 'Origin, Accept-Encoding' });
    const ok: Record<string, string> = { ...notModified, 'Content-Type': 'application/json; charset=utf-8' };
    if (encoding) ok['Content-Encoding'] = encoding;
    entry = { notModified, ok: Object.freeze(ok) };
    if (made.size >= KEPT) made.clear();
    made.set(key, entry);
  }
  return entry;
}
