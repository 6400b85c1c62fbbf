import type { Anchor, CommentView } from '../../server/contract/comment.ts';
import { withPending } from '../thread-state.ts';
import { anchorQuote, articleText, describeRange, type TextQuote } from './text-quote.ts';

/**
 * One passage of the article and the feedback on it. `range` is where it is now; null when the
 * article changed and the quote is no longer there ("on a passage that has changed").
 */
export type Passage = {
  key: string;
  quote: TextQuote;
  range: Range | null;
  start: number;
  /** Feedback threads on this passage: each root followed by its replies, in thread order. */
  threads: { root: CommentView; replies: CommentView[] }[];
  /** Marked in advance by the site (`[data-parley-passage]`), with or without feedback yet. */
  isPreset: boolean;
};

const keyOf = (start: number, end: number) => `${start}:${end}`;

/**
 * Groups feedback by the passage each root anchors to now, in article order, then the passages that
 * changed (grouped by their old quote). Replies follow their root. Site-marked passages without
 * feedback are listed too, so a reader can start one.
 */
export function groupPassages(article: Element | null, feedback: readonly CommentView[]): Passage[] {
  const text = article ? articleText(article) : null;
  const byKey = new Map<string, Passage>();
  const cache = new Map<string, Passage>();
  let current: Passage | undefined;
  for (const c of feedback) {
    if (c.parentId !== null) {
      current?.threads.at(-1)?.replies.push(c);
      continue;
    }
    const anchor: Anchor | null = c.anchor;
    if (!anchor) {
      current = undefined;
      continue;
    }
    const cacheKey = `${anchor.exact}\u0000${anchor.prefix}\u0000${anchor.suffix}\u0000${anchor.start}`;
    // Many readers comment on the same passage: each distinct quote is searched for once.
    let passage = cache.get(cacheKey);
    if (!passage) {
      const found = article && text ? anchorQuote(article, anchor, text) : null;
      const key = found ? keyOf(found.start, found.end) : `changed:${anchor.exact}`;
      passage = byKey.get(key) ?? { key, quote: anchor, range: found?.range ?? null, start: found?.start ?? Infinity, threads: [], isPreset: false };
      byKey.set(key, passage);
      cache.set(cacheKey, passage);
    }
    passage.threads.push({ root: c, replies: [] });
    current = passage;
  }
  if (article) {
    for (const el of article.querySelectorAll('[data-parley-passage]')) {
      const range = article.ownerDocument.createRange();
      range.selectNodeContents(el);
      const quote = describeRange(article, range);
      if (!quote) continue;
      const key = keyOf(quote.start, quote.end);
      const known = byKey.get(key);
      if (known) known.isPreset = true;
      else byKey.set(key, { key, quote, range, start: quote.start, threads: [], isPreset: true });
    }
  }
  // Changed passages (start = Infinity) go last; Infinity - Infinity is NaN, so compare, not subtract.
  return [...byKey.values()].sort((a, b) => (a.start === b.start ? 0 : a.start < b.start ? -1 : 1));
}

/** How many feedback threads a passage has (its marker's number). */
export const feedbackCount = (p: Passage) => p.threads.length;

/** Feedback threads plus the reader's own held feedback and replies to it, which only they see. */
export function visibleFeedback(inline: readonly CommentView[] | null, pending: readonly CommentView[]): CommentView[] {
  const held = pending.filter((c) => c.parentId !== null || c.anchor);
  return withPending(inline ?? [], held, 'oldest');
}
