import type { SiteSettings } from '../../contract/settings.ts';
import { findActiveBans, type BanKind } from '../../store/bans.ts';
import type { Queryable } from '../../store/db.ts';
import { listRecentByReader } from '../../store/comments.ts';
import { hitRateLimit, pruneRateLimit } from '../../store/rate-limits.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { sha256 } from '../tokens.ts';
import type { ModerationSnapshot } from './phase.ts';

export type GatherInput = {
  now: Date;
  settings: SiteSettings;
  isEdit: boolean;
  page: { isLocked: boolean; isClosed: boolean };
  reader: ReaderRow;
  comment: ModerationSnapshot['comment'];
  ipHash: string | null;
  /** On edit, the comment itself is not a "recent comment" to repeat. */
  excludeCommentId?: number;
  /** The pluggable checker's verdict, asked before the transaction (see askSpamChecker). */
  externalSpam?: boolean | null;
};

const RATE_WINDOW_MS = 60_000;
/** How far back a repeated body counts as a repeat post. */
const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** E-mail bans store the SHA-256 of the lower-cased address, never the address. */
export const emailBanValue = (email: string) => sha256(email.trim().toLowerCase());

/**
 * Reads what the phases need, in the caller's transaction. The rate counters are counted here:
 * the upsert commits with the comment, and a rejected post (nothing stored) leaves no count.
 */
export async function gatherSnapshot(db: Queryable, input: GatherInput): Promise<ModerationSnapshot> {
  const { reader, now, ipHash } = input;
  const banKeys: Array<{ kind: BanKind; value: string }> = [{ kind: 'reader', value: String(reader.id) }];
  if (input.comment.email) banKeys.push({ kind: 'email', value: emailBanValue(input.comment.email) });
  if (ipHash) banKeys.push({ kind: 'ip', value: ipHash });
  const bans = await findActiveBans(db, reader.siteId, banKeys, now);

  const rate = input.isEdit ? { reader: 0, ip: 0, retryAfter: 0 } : await countPost(db, reader, ipHash, now);

  const recent = await listRecentByReader(db, reader.id, 5);
  const since = now.getTime() - REPEAT_WINDOW_MS;
  return {
    now,
    settings: input.settings,
    isEdit: input.isEdit,
    page: input.page,
    reader: { id: reader.id, approvedCount: reader.approvedCount, rejectedCount: reader.rejectedCount },
    comment: input.comment,
    bans: bans.map((b) => ({ kind: b.kind, reason: b.reason, expiresAt: b.expiresAt })),
    rate,
    recentBodies: recent
      .filter((c) => c.id !== input.excludeCommentId && c.status !== 'deleted' && c.createdAt.getTime() > since)
      .map((c) => c.bodyMd),
    externalSpam: input.externalSpam ?? null,
  };
}

// Fixed one-minute windows keyed by the clock's minute: every instance agrees on the window.
async function countPost(db: Queryable, reader: ReaderRow, ipHash: string | null, now: Date) {
  const windowStart = new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);
  const retryAfter = Math.ceil((windowStart.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000);
  const readerKey = `post:reader:${reader.id}`;
  await pruneRateLimit(db, readerKey, windowStart);
  const readerCount = await hitRateLimit(db, readerKey, windowStart);
  let ipCount = 0;
  if (ipHash) {
    const ipKey = `post:ip:${reader.siteId}:${ipHash}`;
    await pruneRateLimit(db, ipKey, windowStart);
    ipCount = await hitRateLimit(db, ipKey, windowStart);
  }
  return { reader: readerCount, ip: ipCount, retryAfter };
}
