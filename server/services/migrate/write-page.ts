import { inArray } from 'drizzle-orm';
import type { Tx } from '../../store/db.ts';
import { pathSegment, type NewCommentRow } from '../../store/comments.ts';
import { allocateCommentIds, findImportedTargets, insertCommentRows, insertImportedItems, recountPage, type ImportedItem } from '../../store/imported-items.ts';
import { ensurePage, findPage, findPageById, setPageLocked } from '../../store/pages.ts';
import { addReaderTrust, insertImportedReaders } from '../../store/reader-data.ts';
import { comments } from '../../store/schema/index.ts';
import type { Services } from '../context.ts';
import { newToken, sha256 } from '../readers/tokens.ts';
import type { Site } from '../sites/sites.ts';
import { htmlToMarkdown } from './html-body.ts';
import { planPage, type PagePlan, type PlannedComment } from './plan.ts';
import type { SourcePage } from './source.ts';

type Placement = { id: number; parentId: number | null; rootId: number; depth: number; path: string };

/**
 * Writes one page's new comments in one transaction and sets the page's counters from its rows,
 * then tells every instance (caches, open widgets) that the page changed.
 */
export async function writePage(services: Services, site: Site, page: SourcePage): Promise<{ plan: PagePlan; isNewPage: boolean }> {
  const result = await services.database.db.transaction(async (tx) => {
    const existing = await findImportedTargets(tx, site.id, [page.sourceId, ...page.comments.map((c) => c.sourceId)]);
    const plan = planPage(page, new Set(existing.keys()));
    const known = existing.get(page.sourceId);
    let row = known !== undefined ? await findPageById(tx, known) : undefined;
    // A page the site has already (its readers commented before the move) takes the imported comments in.
    const isNewPage = !row && !(await findPage(tx, site.id, page.key));
    if (!row) {
      row = await ensurePage(tx, { siteId: site.id, key: page.key, url: page.url ?? undefined, title: page.title ?? undefined });
      if (isNewPage && page.isLocked) await setPageLocked(tx, row.id, true);
      await insertImportedItems(tx, [{ siteId: site.id, sourceId: page.sourceId, kind: 'page', targetId: row.id }]);
    }
    const fresh = plan.comments.filter((c) => c.isNew);
    if (fresh.length > 0) await insertComments(tx, site.id, row.id, fresh, existing);
    return { plan, isNewPage, pageId: row.id, changed: fresh.length > 0 || isNewPage };
  });
  if (result.changed) services.events.publish({ type: 'page', siteId: site.id, pageId: result.pageId });
  return { plan: result.plan, isNewPage: result.isNewPage };
}

async function insertComments(tx: Tx, siteId: number, pageId: number, fresh: PlannedComment[], existing: Map<string, number>): Promise<void> {
  const readerOf = await resolveReaders(tx, siteId, fresh);
  const ids = await allocateCommentIds(tx, fresh.length);
  const idOf = new Map(fresh.map((c, i) => [c.source.sourceId, ids[i]!]));
  const bySource = new Map(fresh.map((c) => [c.source.sourceId, c]));

  // Parents imported by an earlier run are rows already: read where they sit.
  const oldParentIds = [...new Set(fresh.map((c) => (c.parentSourceId && !idOf.has(c.parentSourceId) ? existing.get(c.parentSourceId) : undefined)).filter((id) => id !== undefined))];
  const placed = new Map<string, Placement>();
  const oldPlacement = new Map<number, Placement>();
  if (oldParentIds.length) {
    const rows = await tx
      .select({ id: comments.id, parentId: comments.parentId, rootId: comments.rootId, depth: comments.depth, path: comments.path })
      .from(comments)
      .where(inArray(comments.id, oldParentIds));
    for (const r of rows) oldPlacement.set(r.id, r);
  }
  // Parent before child; planPage broke every cycle, so the walk ends.
  const place = (c: PlannedComment): Placement => {
    const done = placed.get(c.source.sourceId);
    if (done) return done;
    const id = idOf.get(c.source.sourceId)!;
    const parentSource = c.parentSourceId;
    const parent = parentSource === null ? undefined : bySource.has(parentSource) ? place(bySource.get(parentSource)!) : oldPlacement.get(existing.get(parentSource) ?? -1);
    const placement: Placement = parent
      ? { id, parentId: parent.id, rootId: parent.rootId, depth: parent.depth + 1, path: parent.path + pathSegment(id) }
      : { id, parentId: null, rootId: id, depth: 0, path: pathSegment(id) };
    placed.set(c.source.sourceId, placement);
    return placement;
  };

  const rows: NewCommentRow[] = fresh.map((c) => {
    const p = place(c);
    const votes = c.source.votes ?? { up: 0, down: 0 };
    return {
      ...p,
      pageId,
      readerId: readerOf.get(authorKey(c))!,
      authorName: c.source.author.name || 'Anonymous',
      authorUrl: c.source.author.url,
      isGuest: true,
      bodyMd: c.markdown ?? htmlToMarkdown(c.html),
      bodyHtml: c.html,
      status: c.source.status,
      // Counters and visibility are set from the rows by recountPage below.
      isVisible: false,
      upvotes: votes.up,
      downvotes: votes.down,
      score: votes.up - votes.down,
      isPinned: c.source.isPinned ?? false,
      createdAt: c.createdAt,
      editedAt: c.source.editedAt ?? null,
    };
  });
  await insertCommentRows(tx, rows);
  await insertImportedItems(
    tx,
    fresh.map((c): ImportedItem => ({ siteId, sourceId: c.source.sourceId, kind: 'comment', targetId: idOf.get(c.source.sourceId)! })),
  );
  await recountPage(tx, pageId);

  const trust = new Map<number, { approved: number; rejected: number }>();
  for (const c of fresh) {
    const t = trust.get(readerOf.get(authorKey(c))!) ?? { approved: 0, rejected: 0 };
    if (c.source.status === 'approved') t.approved++;
    if (c.source.status === 'spam' || c.source.status === 'rejected') t.rejected++;
    trust.set(readerOf.get(authorKey(c))!, t);
  }
  await addReaderTrust(
    tx,
    [...trust].filter(([, t]) => t.approved || t.rejected).map(([readerId, t]) => ({ readerId, ...t })),
  );
}

/** One reader per author on a site, across files and formats: by e-mail when there is one, else by name. */
const authorKey = (c: PlannedComment) =>
  c.source.author.email ? `reader:email:${sha256(c.source.author.email)}` : `reader:name:${sha256(c.source.author.name || 'Anonymous')}`;

async function resolveReaders(tx: Tx, siteId: number, fresh: PlannedComment[]): Promise<Map<string, number>> {
  const firstOf = new Map<string, PlannedComment>();
  for (const c of fresh) if (!firstOf.has(authorKey(c))) firstOf.set(authorKey(c), c);
  const found = await findImportedTargets(tx, siteId, [...firstOf.keys()]);
  const missing = [...firstOf].filter(([key]) => !found.has(key));
  const ids = await insertImportedReaders(
    tx,
    missing.map(([, c]) => ({ siteId, name: c.source.author.name || 'Anonymous', email: c.source.author.email, tokenHash: sha256(newToken()), createdAt: c.createdAt })),
  );
  missing.forEach(([key], i) => found.set(key, ids[i]!));
  await insertImportedItems(
    tx,
    missing.map(([key], i): ImportedItem => ({ siteId, sourceId: key, kind: 'reader', targetId: ids[i]! })),
  );
  return found;
}
