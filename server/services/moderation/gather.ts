import type { SiteSettings } from '../../contract/settings.ts';
import { findActiveBans, type BanKind } from '../../store/bans.ts';
import type { Queryable } from '../../store/db.ts';
import { listRecentByReader } from '../../store/comments.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { sha256 } from '../readers/tokens.ts';
import type { ModerationSnapshot } from './phase.ts';
import { NO_RATE } from './rate.ts';

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
  /** This attempt's rate counts, counted by the post's read (see postRateKeys); none on edit. */
  rate?: ModerationSnapshot['rate'];
  /** The pluggable checker's verdict, asked before the transaction (see askSpamChecker). */
  externalSpam?: boolean | null;
};

/** How far back a repeated body counts as a repeat post. */
const REPEAT_WINDOW_MS = 24 * 3_600_000;

/** E-mail bans store the SHA-256 of the lower-cased address, never the address. */
export const emailBanValue = (email: string) => sha256(email.trim().toLowerCase());

/** Reads what the phases need, in the caller's transaction: bans and the reader's recent comments. */
export async function gatherSnapshot(db: Queryable, input: GatherInput): Promise<ModerationSnapshot> {
  const { reader, now, ipHash } = input;
  const banKeys: Array<{ kind: BanKind; value: string }> = [{ kind: 'reader', value: String(reader.id) }];
  if (input.comment.email) banKeys.push({ kind: 'email', value: emailBanValue(input.comment.email) });
  if (ipHash) banKeys.push({ kind: 'ip', value: ipHash });
  // One connection per transaction: postgres.js pipelines the two reads, PGlite runs them in turn.
  const [bans, recent] = await Promise.all([findActiveBans(db, reader.siteId, banKeys, now), listRecentByReader(db, reader.id, 5)]);
  return buildSnapshot(input, bans, recent);
}

/** The snapshot from what was read (here, or by a new comment's one read statement). */
export function buildSnapshot(
  input: GatherInput,
  bans: Array<Pick<ModerationSnapshot['bans'][number], 'kind' | 'reason' | 'expiresAt'>>,
  recent: Array<{ id: number; status: string; bodyMd: string; createdAt: Date }>,
): ModerationSnapshot {
  const { reader, now } = input;
  const since = now.getTime() - REPEAT_WINDOW_MS;
  return {
    now,
    settings: input.settings,
    isEdit: input.isEdit,
    page: input.page,
    reader: { id: reader.id, approvedCount: reader.approvedCount, rejectedCount: reader.rejectedCount },
    comment: input.comment,
    bans: bans.map((b) => ({ kind: b.kind, reason: b.reason, expiresAt: b.expiresAt })),
    rate: input.rate ?? NO_RATE,
    recentBodies: recent
      .filter((c) => c.id !== input.excludeCommentId && c.status !== 'deleted' && c.createdAt.getTime() > since)
      .map((c) => c.bodyMd),
    externalSpam: input.externalSpam ?? null,
  };
}
