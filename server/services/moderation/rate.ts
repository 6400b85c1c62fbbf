import type { Queryable } from '../../store/db.ts';
import { hitRateLimits } from '../../store/rate-limits.ts';
import type { ReaderRow } from '../../store/readers.ts';
import type { ModerationSnapshot } from './phase.ts';

const RATE_WINDOW_MS = 60_000;

export const NO_RATE: ModerationSnapshot['rate'] = { reader: 0, ip: 0, retryAfter: 0 };

/**
 * Counts a posting attempt per reader and per IP in fixed one-minute windows keyed by the clock's
 * minute, so every instance agrees on the window. Attempts count, accepted or not, as any rate
 * limit does; the count is its own statement so a hot IP never serialises whole comment writes
 * (with it inside the write's transaction, a bench from one IP managed 250 posts/s).
 */
export async function countPostAttempt(db: Queryable, reader: ReaderRow, ipHash: string | null, now: Date): Promise<ModerationSnapshot['rate']> {
  const windowStart = new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);
  const retryAfter = Math.ceil((windowStart.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000);
  const readerKey = `post:reader:${reader.id}`;
  const ipKey = ipHash ? `post:ip:${reader.siteId}:${ipHash}` : null;
  const counts = await hitRateLimits(db, ipKey ? [readerKey, ipKey] : [readerKey], windowStart);
  return { reader: counts[readerKey] ?? 0, ip: ipKey ? (counts[ipKey] ?? 0) : 0, retryAfter };
}
