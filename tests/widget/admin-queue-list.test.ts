import { describe, expect, it } from 'vitest';
import type { AdminComment, QueueItem, QueuePage } from '../../server/contract/admin.ts';
import { mergeRefresh, nextActiveId, staysIn } from '../../widget/admin/queue-list.ts';

const comment = (id: number, status: AdminComment['status'] = 'pending') => ({ id, status }) as AdminComment;
const item = (id: number) => ({ comment: comment(id) }) as QueueItem;
const ids = (items: QueueItem[]) => items.map((i) => i.comment.id);
const page = (list: number[], nextCursor: string | null) => ({ items: list.map(item), nextCursor }) as QueuePage;

describe('which comments stay in the queue on screen after an action', () => {
  it.each([
    ['pending', 'approve', 'approved', false],
    ['pending', 'reject', 'rejected', false],
    ['approved', 'pin', 'approved', true],
    ['approved', 'reject', 'rejected', false],
    ['spam', 'spam', 'spam', true],
    ['reported', 'approve', 'approved', false],
    ['reported', 'unpin', 'approved', true],
    ['all', 'spam', 'spam', true],
  ] as const)('in %s, after %s (now %s): %s', (queue, action, status, expected) => {
    expect(staysIn(queue, action, comment(1, status))).toBe(expected);
  });
});

describe('a live refresh of the newest items', () => {
  it('keeps older items already shown, with their cursor', () => {
    const merged = mergeRefresh([item(5), item(4), item(1)], 'after-1', page([9, 8, 5], 'after-5'));
    expect(ids(merged.items)).toEqual([9, 8, 5, 4, 1]);
    expect(merged.nextCursor).toBe('after-1');
  });

  it('takes the fresh page alone when it reaches the end of the queue', () => {
    const merged = mergeRefresh([item(5), item(4)], null, page([9, 5], null));
    expect(ids(merged.items)).toEqual([9, 5]);
    expect(merged.nextCursor).toBeNull();
  });

  it('takes the fresh page and its cursor when nothing older was shown', () => {
    const merged = mergeRefresh([item(9)], null, page([10, 9], 'after-9'));
    expect(ids(merged.items)).toEqual([10, 9]);
    expect(merged.nextCursor).toBe('after-9');
  });
});

describe('the current row after the list changes', () => {
  it('stays on the same comment when it is still there', () => {
    expect(nextActiveId([item(3), item(2)], 2, [item(4), item(3), item(2)])).toBe(2);
  });

  it('moves to the comment now at its place when it left', () => {
    expect(nextActiveId([item(3), item(2), item(1)], 2, [item(3), item(1)])).toBe(1);
    expect(nextActiveId([item(3), item(2)], 2, [item(3)])).toBe(3);
  });

  it('is nothing when the list is empty', () => {
    expect(nextActiveId([item(1)], 1, [])).toBeNull();
  });
});
