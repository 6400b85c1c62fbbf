import type { CommentStatus } from '../../contract/comment.ts';
import { applyStatusChange, setCommentStatus, type CommentRow } from '../../store/comments.ts';
import type { Queryable } from '../../store/db.ts';
import { adjustReaderTrust } from '../../store/readers.ts';

const isRejection = (s: CommentStatus) => s === 'rejected' || s === 'spam';

/**
 * Every status change goes through here: the store keeps the page and thread counters right, and
 * the author's trust (approved / rejected counts) follows the transition, so a comment reported back
 * to review and approved again, or deleted and restored, counts once.
 */
export async function changeCommentStatus(
  db: Queryable,
  before: CommentRow,
  status: CommentStatus,
  extra: Parameters<typeof setCommentStatus>[3] = {},
): Promise<CommentRow> {
  const after = await setCommentStatus(db, before, status, extra);
  await followTrust(db, before, after);
  return after;
}

/** A comment inserted with its final status counts as if it had moved there from nothing. */
export async function countNewComment(db: Queryable, row: CommentRow): Promise<void> {
  const nothing: CommentRow = { ...row, status: 'pending', isVisible: false };
  await applyStatusChange(db, nothing, row);
  await followTrust(db, nothing, row);
}

async function followTrust(db: Queryable, before: CommentRow, after: CommentRow): Promise<void> {
  const approved = Number(after.status === 'approved') - Number(before.status === 'approved');
  const rejected = Number(isRejection(after.status)) - Number(isRejection(before.status));
  if (approved !== 0 || rejected !== 0) await adjustReaderTrust(db, before.readerId, approved, rejected);
}
