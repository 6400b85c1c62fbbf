import type { CommentStatus } from '../../contract/comment.ts';
import { importHtmlBody } from './html-body.ts';
import { sanitizeCommentHtml } from '../comments/render-markdown.ts';
import type { SourceComment, SourcePage } from './source.ts';
import { FIELD_CAP } from './wxr.ts';

/** The contract's hard ceiling on a comment body's Markdown (a site's own limit may be lower; imports keep old long comments). */
export const MAX_BODY = 20_000;
/** The same ceiling on sanitised HTML, which is checked before any Markdown is derived (allowing for the tags). */
export const MAX_HTML = 2 * MAX_BODY;

export type Problem = { id: string; kind: string; message: string };

export type PlannedComment = {
  source: SourceComment;
  createdAt: Date;
  html: string;
  /** Given by a Parley export; otherwise derived from `html` when the comment is written. */
  markdown: string | null;
  /** The parent as imported: null when the file's parent is missing (an orphan is kept at the top level). */
  parentSourceId: string | null;
  isNew: boolean;
};

export type PagePlan = {
  page: SourcePage;
  /** Comments that will exist after the import, oldest first (ids are allocated in this order). */
  comments: PlannedComment[];
  problems: Problem[];
};

/**
 * Decides, without any I/O, what importing one page means: which comments can be imported (a date,
 * a body within the ceiling), where each hangs, which are new. Dry run and real import both call
 * this, so their reports cannot disagree.
 */
export function planPage(page: SourcePage, alreadyImported: ReadonlySet<string>): PagePlan {
  const problems: Problem[] = [];
  const accepted = new Map<string, PlannedComment>();
  for (const source of page.comments) {
    if (accepted.has(source.sourceId)) {
      problems.push({ id: source.sourceId, kind: 'duplicate_id', message: 'The id appears twice in the file; the first was kept' });
      continue;
    }
    if (!source.createdAt) {
      problems.push({ id: source.sourceId, kind: 'bad_date', message: 'The date cannot be read; not imported' });
      continue;
    }
    const body =
      source.markdown !== undefined
        ? { html: sanitizeCommentHtml(source.body), markdown: source.markdown }
        : { html: importHtmlBody(source.body, { isPlainText: source.isPlainText }), markdown: null };
    if (source.body.length > FIELD_CAP || body.html.length > MAX_HTML || (body.markdown?.length ?? 0) > MAX_BODY) {
      problems.push({ id: source.sourceId, kind: 'body_too_long', message: `The body is longer than ${MAX_BODY} characters (${MAX_HTML} of HTML); not imported` });
      continue;
    }
    if (!body.html && source.status !== 'deleted') {
      problems.push({ id: source.sourceId, kind: 'empty_body', message: 'Nothing is left of the body after sanitising; not imported' });
      continue;
    }
    if (source.note) problems.push({ id: source.sourceId, ...source.note });
    accepted.set(source.sourceId, {
      source,
      createdAt: source.createdAt,
      ...body,
      parentSourceId: source.parentSourceId,
      isNew: !alreadyImported.has(source.sourceId),
    });
  }
  for (const c of accepted.values()) {
    const parent = c.parentSourceId;
    if (parent === null) continue;
    if (!accepted.has(parent) || hasCycle(c, accepted)) {
      problems.push({ id: c.source.sourceId, kind: 'orphaned_parent', message: `Its parent ${parent} is not imported; kept as a top-level comment` });
      c.parentSourceId = null;
    }
  }
  // Ids follow dates, so "Oldest" lists the imported thread as it happened; file order breaks ties.
  const comments = [...accepted.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return { page, comments, problems };
}

function hasCycle(start: PlannedComment, all: Map<string, PlannedComment>): boolean {
  const seen = new Set<string>([start.source.sourceId]);
  for (let id = start.parentSourceId; id !== null; ) {
    if (seen.has(id)) return true;
    seen.add(id);
    id = all.get(id)?.parentSourceId ?? null;
  }
  return false;
}

/** What an import did (or, on a dry run, would do). The CLI prints it, the admin view shows it. */
export type ImportReport = {
  format: string;
  isDryRun: boolean;
  pages: { total: number; created: number; existing: number };
  comments: { total: number; created: number; unchanged: number; byStatus: Record<CommentStatus, number> };
  skipped: Record<string, number>;
  skippedItems: Array<{ id: string; reason: string }>;
  problems: Problem[];
  /** Problems beyond the first MAX_LISTED are counted, not listed. */
  problemCount: number;
};

const MAX_LISTED = 1000;

export function emptyReport(format: string, isDryRun: boolean): ImportReport {
  return {
    format,
    isDryRun,
    pages: { total: 0, created: 0, existing: 0 },
    comments: { total: 0, created: 0, unchanged: 0, byStatus: { approved: 0, pending: 0, rejected: 0, spam: 0, deleted: 0 } },
    skipped: {},
    skippedItems: [],
    problems: [],
    problemCount: 0,
  };
}

export function addToReport(report: ImportReport, plan: PagePlan, isNewPage: boolean): void {
  for (const s of plan.page.skipped) {
    report.skipped[s.reason] = (report.skipped[s.reason] ?? 0) + 1;
    if (report.skippedItems.length < MAX_LISTED) report.skippedItems.push(s);
  }
  for (const p of plan.problems) addProblem(report, p);
  if (plan.comments.length === 0) return;
  report.pages.total++;
  if (isNewPage) report.pages.created++;
  else report.pages.existing++;
  for (const c of plan.comments) {
    report.comments.total++;
    report.comments.byStatus[c.source.status]++;
    if (c.isNew) report.comments.created++;
    else report.comments.unchanged++;
  }
}

export function addProblem(report: ImportReport, problem: Problem): void {
  report.problemCount++;
  if (report.problems.length < MAX_LISTED) report.problems.push(problem);
}
