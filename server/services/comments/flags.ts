import type { FlagResult } from '../../contract/comment.ts';
import { resolveSettings } from '../../contract/settings.ts';
import { notFound } from '../../errors.ts';
import { lockComment, setCommentCounters } from '../../store/comments.ts';
import { changeCommentStatus } from './comment-status.ts';
import { insertFlag } from '../../store/flags.ts';
import { findPageById } from '../../store/pages.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { findSiteById } from '../../store/sites.ts';
import type { Services } from '../context.ts';

/** A flag counts once per reader; at the site's threshold an approved comment goes back to review. */
export async function flagComment(services: Services, reader: ReaderRow, commentId: number, reason: string): Promise<FlagResult> {
  const { database, events } = services;
  const held = await database.db.transaction(async (tx) => {
    const comment = await lockComment(tx, commentId, reader.siteId);
    if (!comment || comment.status !== 'approved') throw notFound('comment', 'id');
    if (!(await insertFlag(tx, commentId, reader.id, reason))) return null;
    const flagCount = comment.flagCount + 1;
    const flagged = await setCommentCounters(tx, commentId, { flagCount });
    const page = (await findPageById(tx, comment.pageId))!;
    const settings = resolveSettings((await findSiteById(tx, page.siteId))!.settings);
    if (flagCount < settings.flagThreshold) return null;
    const after = await changeCommentStatus(tx, flagged, 'pending', {
      reasons: [...flagged.reasons.filter((r) => !r.startsWith('reported')), `reported ×${flagCount}`],
    });
    return { after, siteId: page.siteId };
  });
  if (held) events.publish({ type: 'status', siteId: held.siteId, pageId: held.after.pageId, commentId, status: 'pending' });
  return { id: commentId, flagged: true };
}
