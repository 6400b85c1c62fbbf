import type { VoteResult } from '../../contract/comment.ts';
import { notFound } from '../../errors.ts';
import { lockComment, setCommentCounters } from '../../store/comments.ts';
import { bumpPage } from '../../store/pages.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { findVote, putVote } from '../../store/votes.ts';
import type { Services } from '../context.ts';

/**
 * Idempotent: the vote is the state the reader asks for, not a toggle. The comment row is locked
 * first, so parallel votes on one comment queue up and the counters move by exact deltas.
 */
export async function castVote(services: Services, reader: ReaderRow, commentId: number, value: 1 | -1 | 0): Promise<VoteResult> {
  const { database, events } = services;
  const result = await database.db.transaction(async (tx) => {
    const comment = await lockComment(tx, commentId, reader.siteId);
    if (!comment || comment.status !== 'approved') throw notFound('comment', 'id');
    const previous = await findVote(tx, commentId, reader.id);
    if (previous === value) return { comment, changed: false };
    await putVote(tx, commentId, reader.id, value);
    const upvotes = comment.upvotes + Number(value === 1) - Number(previous === 1);
    const downvotes = comment.downvotes + Number(value === -1) - Number(previous === -1);
    const updated = await setCommentCounters(tx, commentId, { upvotes, downvotes, score: upvotes - downvotes });
    await bumpPage(tx, comment.pageId);
    return { comment: updated, changed: true };
  });
  const { comment } = result;
  if (result.changed) {
    events.publish({ type: 'vote', siteId: reader.siteId, pageId: comment.pageId, commentId, score: comment.score });
  }
  return { id: commentId, upvotes: comment.upvotes, downvotes: comment.downvotes, score: comment.score, value };
}
