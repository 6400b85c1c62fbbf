import type { SiteSettings } from '../../contract/settings.ts';
import { AppError } from '../../errors.ts';
import type { Queryable } from '../../store/db.ts';
import type { PageRow } from '../../store/pages.ts';
import { gatherSnapshot, type GatherInput } from '../moderation/gather.ts';
import { runPipeline, type Decision } from '../moderation/pipeline.ts';
import { isPageClosed } from './comment-view.ts';
import { renderMarkdown } from './render-markdown.ts';

/** The site's own limits, on top of the contract's hard ceilings. */
export function checkBody(body: string, settings: SiteSettings): string {
  const trimmed = body.trim();
  if (!trimmed) throw new AppError('validation', 'Comment: write something first', 'body');
  if (trimmed.length > settings.maxBodyLength) {
    throw new AppError('validation', `Comment: at most ${settings.maxBodyLength} characters`, 'body');
  }
  return trimmed;
}

/** A body ready to store: the trimmed Markdown and the allowlisted HTML it renders to. */
export type PreparedBody = { markdown: string; html: string; linkCount: number };

/** One path for a new comment and an edit: the site's limits, then Markdown to HTML; nothing left is a 4xx. */
export function prepareBody(raw: string, settings: SiteSettings): PreparedBody {
  const markdown = checkBody(raw, settings);
  const rendered = renderMarkdown(markdown);
  if (!rendered.html) throw new AppError('validation', 'Comment: write something first', 'body');
  return { markdown, html: rendered.html, linkCount: rendered.linkCount };
}

export type ModerationInput = Omit<GatherInput, 'page' | 'comment'> & {
  page: PageRow;
  body: PreparedBody;
  author: { name: string; email: string | null };
  /** The hidden field a bot fills in; a new comment only. */
  honeypot?: string | undefined;
  elapsedMs?: number | null;
};

/**
 * The one moderation path for a new comment and an edit: the snapshot is gathered in the caller's
 * transaction, then the phases run on it.
 */
export async function moderateBody(tx: Queryable, input: ModerationInput): Promise<Decision> {
  const { page, body, author, honeypot, elapsedMs, ...rest } = input;
  const snapshot = await gatherSnapshot(tx, {
    ...rest,
    page: { isLocked: page.isLocked, isClosed: isPageClosed(page, input.settings, input.now) },
    comment: { body: body.markdown, linkCount: body.linkCount, authorName: author.name, email: author.email, honeypot, elapsedMs: elapsedMs ?? null },
  });
  return runPipeline(snapshot);
}
