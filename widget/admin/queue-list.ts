import type { AdminComment, ModerationAction, QueueItem, QueueName, QueuePage } from './api.ts';

export const PAGE_SIZE = 50;
// The API's largest page: a live refresh re-reads at most this many of the newest items.
export const MAX_PAGE = 100;

const STATUS_OF: Partial<Record<QueueName, AdminComment['status']>> = {
  pending: 'pending',
  spam: 'spam',
  rejected: 'rejected',
  approved: 'approved',
};

/** Whether a comment an action returned still belongs in the queue on screen. */
export function staysIn(queue: QueueName, action: ModerationAction, comment: AdminComment): boolean {
  if (queue === 'all' || action === 'pin' || action === 'unpin') return true;
  // Reported holds flagged comments still in play; any verdict settles the report.
  if (queue === 'reported') return false;
  return comment.status === STATUS_OF[queue];
}

/**
 * A live refresh re-reads the newest items (the queue is newest first). Older items already on
 * screen stay, with the cursor that follows them; without older ones the fresh page stands alone.
 */
export function mergeRefresh(shown: QueueItem[], shownCursor: string | null, page: QueuePage): { items: QueueItem[]; nextCursor: string | null } {
  if (!page.nextCursor || !page.items.length) return { items: page.items, nextCursor: page.nextCursor };
  const oldest = Math.min(...page.items.map((i) => i.comment.id));
  const older = shown.filter((i) => i.comment.id < oldest);
  return older.length ? { items: [...page.items, ...older], nextCursor: shownCursor } : { items: page.items, nextCursor: page.nextCursor };
}

/** The current row after the list changed: the same comment if still there, else the one now at its place. */
export function nextActiveId(before: QueueItem[], activeId: number | null, after: QueueItem[]): number | null {
  if (activeId !== null && after.some((i) => i.comment.id === activeId)) return activeId;
  const oldIndex = before.findIndex((i) => i.comment.id === activeId);
  return after[Math.min(Math.max(oldIndex, 0), after.length - 1)]?.comment.id ?? null;
}
