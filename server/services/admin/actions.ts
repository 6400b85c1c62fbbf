import type { ActionResult, ModerationAction } from '../../contract/admin.ts';
import { notFound } from '../../errors.ts';
import { lockCommentsWithSite } from '../../store/admin-queues.ts';
import type { CommentRow } from '../../store/comments.ts';
import type { Tx } from '../../store/db.ts';
import type { Services } from '../context.ts';
import { assertSite, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { applyCommentState, sameState, stateOf, targetState } from './comment-state.ts';
import { toAdminComment } from './views.ts';

export type ActedRow = { row: CommentRow & { siteId: number }; isChanged: boolean };

/**
 * One action on one or many comments: all or nothing in one transaction, one audit row per
 * comment under one batch id (undo reverts the batch). Comments already in the asked-for state
 * are left alone and not logged. Events go out after the commit.
 */
export async function applyAction(services: Services, actor: Actor, action: ModerationAction, ids: number[]): Promise<ActionResult> {
  const { database, clock } = services;
  const unique = [...new Set(ids)];
  const batchId = newBatchId();
  const now = clock.now();
  const changed = await database.db.transaction(async (tx) => {
    const rows = await lockCommentsWithSite(tx, unique);
    if (rows.length !== unique.length) throw notFound('comment', 'ids');
    for (const row of rows) assertSite(actor, row.siteId);
    return actOnLockedRows(tx, actor, action, rows, batchId, now);
  });
  publishActed(services, changed);
  return { action, batchId, comments: changed.map((c) => toAdminComment(c.row)) };
}

/**
 * The action on rows the caller has locked (and checked the actor may touch), in the caller's
 * transaction and batch: a ban that rejects its author's pending comments shares both.
 */
export async function actOnLockedRows(
  tx: Tx,
  actor: Actor,
  action: ModerationAction,
  rows: Array<CommentRow & { siteId: number }>,
  batchId: string,
  now: Date,
): Promise<ActedRow[]> {
  const results: ActedRow[] = [];
  for (const row of rows) {
    const before = stateOf(row);
    const target = targetState(action, row);
    if (sameState(before, target) && before.flagCount === target.flagCount) {
      results.push({ row, isChanged: false });
      continue;
    }
    const after = await applyCommentState(tx, row, target, now);
    await recordAudit(tx, actor, now, [
      { siteId: row.siteId, action, targetType: 'comment', targetId: String(row.id), batchId, before: { ...before, pageId: row.pageId }, after: { ...stateOf(after), pageId: row.pageId } },
    ]);
    results.push({ row: { ...after, siteId: row.siteId }, isChanged: true });
  }
  return results;
}

/** After the commit: a status event for each comment that changed. */
export function publishActed(services: Services, acted: ActedRow[]): void {
  for (const { row, isChanged } of acted) {
    if (isChanged) services.events.publish({ type: 'status', siteId: row.siteId, pageId: row.pageId, commentId: row.id, status: row.status });
  }
}
