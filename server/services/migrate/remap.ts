import { AppError } from '../../errors.ts';
import { insertAudit } from '../../store/audit-log.ts';
import { recountPage, retargetImportedPage } from '../../store/imported-items.ts';
import { findPage } from '../../store/pages.ts';
import { moveThread, rekeyPage } from '../../store/page-remap.ts';
import type { Actor } from '../admin/actor.ts';
import type { Services } from '../context.ts';

export type RemapResult = { from: string; to: string; outcome: 'moved' | 'merged' | 'no_such_page' | 'same_key'; comments: number };

/**
 * Moves a thread from one page key to another (a URL changed): its comments with their votes and
 * flags, and its subscriptions. Onto a key that already has comments, the two threads are merged
 * and the result says so; ids follow dates for comments written on Parley, so the merged thread
 * lists in date order (imported comments got ids in their own date order at import time).
 */
export async function remapPage(services: Services, slug: string, from: string, to: string, actor: Actor | null = null): Promise<RemapResult> {
  const site = await services.sites.get(slug);
  if (from === to) return { from, to, outcome: 'same_key', comments: 0 };
  const result = await services.database.db.transaction(async (tx) => {
    const source = await findPage(tx, site.id, from);
    if (!source) return { outcome: 'no_such_page' as const, comments: 0, pageIds: [] as number[] };
    const target = await findPage(tx, site.id, to);
    let outcome: 'moved' | 'merged';
    let count: number;
    let pageIds: number[];
    if (!target) {
      await rekeyPage(tx, source.id, to);
      count = source.commentCount;
      outcome = 'moved';
      pageIds = [source.id];
    } else {
      count = await moveThread(tx, source.id, target.id);
      await retargetImportedPage(tx, site.id, source.id, target.id);
      await recountPage(tx, target.id);
      outcome = 'merged';
      pageIds = [source.id, target.id];
    }
    await insertAudit(tx, [
      { siteId: site.id, moderatorId: actor?.moderator.id ?? null, action: 'page.remap', targetType: 'page', targetId: String(target?.id ?? source.id), before: { key: from }, after: { key: to, outcome, comments: count }, createdAt: services.clock.now() },
    ]);
    return { outcome, comments: count, pageIds };
  });
  for (const pageId of result.pageIds) services.events.publish({ type: 'page', siteId: site.id, pageId });
  return { from, to, outcome: result.outcome, comments: result.comments };
}

/** `old,new` per line (a header line `old,new` or `from,to` is skipped); a bad line is a 4xx with its number. */
export function parseRemapCsv(text: string): Array<{ from: string; to: string }> {
  const pairs: Array<{ from: string; to: string }> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (i === 0 && /^(old|from)$/i.test(cells[0] ?? '')) return;
    if (cells.length !== 2 || !cells[0] || !cells[1]) throw new AppError('validation', `Line ${i + 1}: expected "old,new"`, 'csv');
    pairs.push({ from: keyOf(cells[0]), to: keyOf(cells[1]) });
  });
  return pairs;
}

/** A full URL in the CSV stands for its path, as pages are keyed. */
function keyOf(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  const url = new URL(value);
  return url.pathname + url.search;
}
