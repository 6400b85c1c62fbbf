import type { ActionResult, ModerationAction } from '../../contract/admin.ts';
import { notFound } from '../../errors.ts';
import { lockCommentsWithSite } from '../../store/admin-queues.ts';
import type { Services } from '../context.ts';
import { assertSite, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { applyCommentState, sameState, stateOf, targetState } from './comment-state.ts';
import { toAdminComment } from './views.ts';

/**
 * One action on one or many comments: all or nothing in one transaction, one audit row per
 * comment under one batch id (undo reverts the batch). Comments already in the asked-for state
 * are left alone and not logged. Events go out after the commit.
 */
export async function applyAction(services: Services, actor: Actor, action: ModerationAction, ids: number[]): Promise<ActionResult> {
  const { database, clock, events } = services;
  const unique = [...new Set(ids)];
  const batchId = newBatchId();
  const now = clock.now();
  const changed = await database.db.transaction(async (tx) => {
    const rows = await lockCommentsWithSite(tx, unique);
    if (rows.length !== unique.length) throw notFound('comment', 'ids');
    for (const row of rows) assertSite(actor, row.siteId);
    const results = [];
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
  });
  for (const { row, isChanged } of changed) {
    if (isChanged) events.publish({ type: 'status', siteId: row.siteId, pageId: row.pageId, commentId: row.id, status: row.status });
  }
  return { action, batchId, comments: changed.map((c) => toAdminComment(c.row)) };
}

