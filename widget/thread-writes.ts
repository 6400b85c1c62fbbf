import type { CommentView } from '../server/contract/comment.ts';
import { approval, bump, inInline, insertComment, withMe, type Flat, type ThreadState } from './thread-state.ts';

/**
 * The transitions of the reader's own writes and of live events, pure like those in
 * `thread-state.ts`: their own module so that they load with the store's second half
 * (`thread-actions.ts`), not before the thread is on screen.
 */

export function updateComment(list: Flat, comment: CommentView): CommentView[] {
  return list.map((c) => (c.id === comment.id ? comment : c));
}

/** A deleted comment with replies stays as a placeholder, as on the server; without, it goes. */
export function removeComment(list: Flat, id: number): CommentView[] {
  const target = list.find((c) => c.id === id);
  if (!target) return [...list];
  const hasReplies = target.replyCount > 0 || list.some((c) => c.parentId === id);
  const next = hasReplies
    ? list.map((c) => (c.id === id ? { ...c, status: 'deleted' as const, bodyHtml: '', author: { ...c.author, name: '', avatarSeed: '' } } : c))
    : list.filter((c) => c.id !== id);
  // As on the server: `replyCount` counts visible children (a placeholder is one), while
  // `descendantCount` counts approved descendants only.
  if (!hasReplies && target.parentId !== null) bump(next, target.parentId, 'replyCount', -1);
  if (target.status === 'approved' && target.parentId !== null) bump(next, target.rootId, 'descendantCount', -1);
  return next;
}

/** The reader's new or edited comment, in the list if approved, among their held ones if not. */
export function commentPlaced(s: ThreadState, comment: CommentView, isNew: boolean): ThreadState {
  const next = { ...s, approvals: approval(s, comment.id, comment.status === 'approved') };
  if (comment.status !== 'pending') {
    // New feedback starts its own thread in the list; a reply joins its thread if that is feedback.
    const inline = inInline(s, (l) =>
      !isNew ? updateComment(l, comment) : comment.parentId === null ? (comment.anchor ? [...l, comment] : [...l]) : insertComment(l, comment, 'oldest'),
    );
    return { ...next, inline, hasInline: s.hasInline || !!comment.anchor, comments: isNew ? insertComment(s.comments, comment, s.sort) : updateComment(s.comments, comment) };
  }
  const pending = [...s.me.pending.filter((c) => c.id !== comment.id), comment];
  const inline = isNew ? s.inline : inInline(s, (l) => removeComment(l, comment.id));
  return withMe({ ...next, inline, comments: isNew ? s.comments : removeComment(s.comments, comment.id) }, { pending });
}

export function commentRemoved(s: ThreadState, id: number): ThreadState {
  const next = { ...s, approvals: approval(s, id, false), comments: removeComment(s.comments, id), inline: inInline(s, (l) => removeComment(l, id)) };
  return withMe(next, { pending: s.me.pending.filter((c) => c.id !== id) });
}

/** Own comment `c` may be edited until the site's edit window closes. */
export function editAllowed(s: ThreadState, c: CommentView): ThreadState {
  const deadline = new Date(Date.parse(c.createdAt) + (s.settings?.editWindowMinutes ?? 0) * 60_000).toISOString();
  return withMe(s, { editable: { ...s.me.editable, [c.id]: deadline } });
}

export const flagged = (s: ThreadState, id: number): ThreadState => withMe(s, { flagged: [...s.me.flagged, id] });

/** A live `comment` event: counted for the "N new comments" button unless it is on screen already. */
export function commentArrived(s: ThreadState, id: number): ThreadState {
  return s.own.has(id) || s.arrived.has(id) || s.comments.some((c) => c.id === id) ? s : { ...s, arrived: new Set(s.arrived).add(id) };
}

export function ownPosted(s: ThreadState, id: number): ThreadState {
  const arrived = new Set(s.arrived);
  arrived.delete(id);
  return { ...s, own: new Set(s.own).add(id), arrived };
}

/** A live `vote` event: a score changes in place (it moves no layout). */
export function scoreChanged(s: ThreadState, id: number, score: number): ThreadState {
  const isStale = (list: Flat | null) => !!list?.some((c) => c.id === id && c.score !== score);
  if (!isStale(s.comments) && !isStale(s.inline)) return s;
  const scored = (list: Flat) => list.map((c) => (c.id === id ? { ...c, score } : c));
  return { ...s, comments: scored(s.comments), inline: inInline(s, scored) };
}

