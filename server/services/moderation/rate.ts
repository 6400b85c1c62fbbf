import type { Queryable } from '../../store/db.ts';
import { hitRateLimits } from '../../store/rate-limits.ts';
import type { ModerationSnapshot } from './phase.ts';

const RATE_WINDOW_MS = 60_000;

export const NO_RATE: ModerationSnapshot['rate'] = { reader: 0, ip: 0, retryAfter: 0 };

/**
 * Where a posting attempt is counted: per reader and per IP, in fixed one-minute windows keyed by
 * the clock's minute, so every instance agrees on the window. Attempts count, accepted or not, as
 * any rate limit does. A post pays no round trip of its own for it (issue 16): its read statement
 * returns the window's stored counts (a count already past the limit refuses at once), and its
 * write statement counts the attempt and writes the comment only if both counts are still within
 * the limits, in one transaction: exact however many instances a burst is spread over, with the
 * counter rows locked from that statement's start to its commit only. An attempt that writes
 * nothing before that statement (refused earlier, or failed) is counted on its own before the answer.
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

/** Counts an attempt that did not reach the comment's write, so refusals count as they always have. */
export async function countRefusedAttempt(db: Queryable, keys: { reader: string | null; ip: string | null }, windowStart: Date): Promise<void> {
  const list = [keys.reader, keys.ip].filter((k): k is string => k !== null);
  if (list.length > 0) await hitRateLimits(db, list, windowStart);
}
