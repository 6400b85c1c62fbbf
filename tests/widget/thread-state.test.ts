import { describe, expect, it } from 'vitest';
import { commentCount, groupThreads, initialState, insertComment, threadLoaded, withPending } from '../../widget/thread-state.ts';
import { appendPage, arrivedShown, commentArrived, removeComment, replaceReplies, subscribed, unsubscribed } from '../../widget/thread-writes.ts';
import { fakeComment, fakeThread } from './harness.ts';

// root 1 ─ 2 ─ 3, root 4: the flat, thread-ordered list the API sends.
const reply = (id: number, parentId: number, rootId: number, depth: number) => fakeComment(id, { parentId, rootId, depth });
const thread = () => [
  fakeComment(1, { replyCount: 1, descendantCount: 2 }),
  { ...reply(2, 1, 1, 1), replyCount: 1 },
  reply(3, 2, 1, 2),
  fakeComment(4),
];
const ids = (list: { id: number }[]) => list.map((c) => c.id);

describe('the flat thread list', () => {
  it('a new reply goes after the last of its parent\'s descendants and bumps the counters', () => {
    const next = insertComment(thread(), reply(5, 1, 1, 1), 'oldest');
    expect(ids(next)).toEqual([1, 2, 3, 5, 4]);
    expect(next[0]).toMatchObject({ replyCount: 2, descendantCount: 3 });
  });

  it('a new top-level comment goes last for Oldest and first for Newest and Most Voted', () => {
    expect(ids(insertComment(thread(), fakeComment(9), 'oldest'))).toEqual([1, 2, 3, 4, 9]);
    expect(ids(insertComment(thread(), fakeComment(9), 'newest'))).toEqual([9, 1, 2, 3, 4]);
    expect(ids(insertComment(thread(), fakeComment(9), 'votes'))).toEqual([9, 1, 2, 3, 4]);
  });

  it('a deleted comment with replies stays as a placeholder; without replies it goes', () => {
    const kept = removeComment(thread(), 2);
    expect(ids(kept)).toEqual([1, 2, 3, 4]);
    expect(kept[1]).toMatchObject({ status: 'deleted', bodyHtml: '', author: { name: '' } });
    expect(kept[0]!.descendantCount).toBe(1);
    const gone = removeComment(thread(), 3);
    expect(ids(gone)).toEqual([1, 2, 4]);
    expect(gone[1]!.replyCount).toBe(0);
    expect(gone[0]!.descendantCount).toBe(1);
  });

  it('more replies replace the shown ones of that root only, and pages append without duplicates', () => {
    const more = replaceReplies(thread(), 1, [reply(2, 1, 1, 1), reply(3, 2, 1, 2), reply(6, 1, 1, 1)]);
    expect(ids(more)).toEqual([1, 2, 3, 6, 4]);
    expect(ids(appendPage(thread(), [fakeComment(4), fakeComment(7)]))).toEqual([1, 2, 3, 4, 7]);
  });

  it('the reader\'s own held comments appear where they will be once approved, once', () => {
    const held = [reply(8, 2, 1, 2), fakeComment(9, { status: 'pending' })];
    const shown = withPending(thread(), held, 'oldest');
    expect(ids(shown)).toEqual([1, 2, 3, 8, 4, 9]);
    expect(shown[0]!.descendantCount).toBe(2);
    expect(ids(withPending(shown, held, 'oldest'))).toEqual(ids(shown));
  });

  it('groups roots with their replies', () => {
    expect(groupThreads(thread()).map((g) => [g.root.id, ids(g.replies)])).toEqual([
      [1, [2, 3]],
      [4, []],
    ]);
  });
});

describe('live arrivals and subscriptions', () => {
  it('"N new comments" places each arrived comment after what is loaded, counts it, and empties the pill', () => {
    let s = threadLoaded(initialState, fakeThread(thread()), '/p', null);
    const before = commentCount(s);
    s = commentArrived(commentArrived(s, 5), 6);
    s = arrivedShown(s, [fakeComment(6, { parentId: 4, rootId: 4, depth: 1 }), fakeComment(5)]);
    expect(ids(s.comments)).toEqual([1, 2, 3, 4, 6, 5]);
    expect(commentCount(s)).toBe(before + 2);
    expect(s.arrived.size).toBe(0);
  });

  it('a subscription answered again replaces its earlier state; unsubscribing removes it', () => {
    let s = subscribed(initialState, { id: 7, kind: 'page', commentId: null, state: 'confirmation_sent' });
    s = subscribed(s, { id: 7, kind: 'page', commentId: null, state: 'subscribed' });
    expect(s.subscriptions).toEqual([{ id: 7, kind: 'page', commentId: null, state: 'subscribed' }]);
    expect(unsubscribed(s, 7).subscriptions).toEqual([]);
  });
});
