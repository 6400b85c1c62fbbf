import type { SiteSettings } from '../../contract/settings.ts';
import type { Queryable } from '../../store/db.ts';
import { listRecentByReader } from '../../store/comments.ts';
import type { ReaderRow } from '../../store/readers.ts';
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
};

/** Reads what the phases need, in the caller's transaction. */
export async function gatherSnapshot(db: Queryable, input: GatherInput): Promise<ModerationSnapshot> {
  const recent = await listRecentByReader(db, input.reader.id, 5);
  return {
    now: input.now,
    settings: input.settings,
    isEdit: input.isEdit,
    page: input.page,
    reader: { id: input.reader.id, approvedCount: input.reader.approvedCount, rejectedCount: input.reader.rejectedCount },
    comment: input.comment,
    bans: [],
    rate: { reader: 0, ip: 0, retryAfter: 0 },
    recentBodies: recent.filter((c) => c.id !== input.excludeCommentId).map((c) => c.bodyMd),
    externalSpam: null,
  };
}
