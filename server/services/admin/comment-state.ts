import type { ModerationAction } from '../../contract/admin.ts';
import type { CommentStatus } from '../../contract/comment.ts';
import { AppError } from '../../errors.ts';
import type { CommentRow } from '../../store/comments.ts';
import type { Queryable } from '../../store/db.ts';
import { changeCommentStatus } from '../comments/comment-status.ts';
import { enqueueCommentMails } from '../notify/enqueue.ts';

/** What a moderator action changes on a comment; kept whole in the audit log's before/after. */
export type CommentState = { status: CommentStatus; isPinned: boolean; reasons: string[]; flagCount: number };

export const stateOf = (c: CommentRow): CommentState => ({ status: c.status, isPinned: c.isPinned, reasons: c.reasons, flagCount: c.flagCount });

export function isCommentState(v: unknown): v is CommentState {
  const s = v as CommentState | null;
  return typeof s === 'object' && s !== null && typeof s.status === 'string' && typeof s.isPinned === 'boolean' && Array.isArray(s.reasons);
}

/** The state an action asks for; approving dismisses the reports that brought a comment back. */
export function targetState(action: ModerationAction, c: CommentRow): CommentState {
  const now = stateOf(c);
  switch (action) {
    case 'approve':
      return { ...now, status: 'approved', flagCount: 0 };
    case 'reject':
      return { ...now, status: 'rejected' };
    case 'spam':
      return { ...now, status: 'spam' };
    case 'delete':
      return { ...now, status: 'deleted' };
    case 'restore':
      return { ...now, status: 'approved' };
    case 'pin':
    case 'unpin':
      if (c.parentId !== null) throw new AppError('validation', 'Only top-level comments can be pinned', 'ids');
      return { ...now, isPinned: action === 'pin' };
  }
}

/**
 * Moves a comment to `state` with every counter right (setCommentStatus keeps the page count,
 * version and placeholders) and the author's trust following the change, in the caller's transaction.
 * A comment that becomes approved writes its subscribers' mails in that same transaction (once
 * ever per subscriber and comment: a later re-approval meets the dedupe keys).
 */
export async function applyCommentState(db: Queryable, before: CommentRow & { siteId: number }, state: CommentState, now: Date): Promise<CommentRow> {
  const after = await changeCommentStatus(db, before, state.status, {
    isPinned: state.isPinned,
    reasons: state.reasons,
    flagCount: state.flagCount,
    moderatedAt: now,
  });
  if (before.status !== 'approved' && after.status === 'approved') {
    await enqueueCommentMails(db, { id: after.id, siteId: before.siteId, pageId: after.pageId, parentId: after.parentId, readerId: after.readerId, authorEmail: null }, now);
  }
  return after;
}

export const sameState = (a: CommentState, b: CommentState) => a.status === b.status && a.isPinned === b.isPinned;
