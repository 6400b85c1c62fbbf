import type { ModerationSnapshot } from './phase.ts';

const RATE_WINDOW_MS = 60_000;

export const NO_RATE: ModerationSnapshot['rate'] = { reader: 0, ip: 0, retryAfter: 0 };

/**
 * Where a posting attempt is counted: per reader and per IP, in fixed one-minute windows keyed by
 * the clock's minute, so every instance agrees on the window. Attempts count, accepted or not, as
 * any rate limit does. The count is taken by the post's one read statement (store/comment-post.ts
 * `readForPost`), so a reader well under the limit pays no round trip for it, and a hot IP's row is
 * locked for that statement only, never for the comment's write (with the count inside the write's
 * transaction, a bench from one IP managed 250 posts/s).
 */
export function postRateKeys(siteId: number, ipHash: string | null, now: Date) {
  const windowStart = new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);
  return {
    windowStart,
    retryAfter: Math.ceil((windowStart.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000),
    readerKeyPrefix: 'post:reader:',
    ipKey: ipHash ? `post:ip:${siteId}:${ipHash}` : null,
  };
}
