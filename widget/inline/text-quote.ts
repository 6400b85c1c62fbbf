import search from 'approx-string-match';
import type { Anchor } from '../../server/contract/comment.ts';

/**
 * Anchoring a comment to a passage of the article, as a W3C Web Annotation TextQuoteSelector
 * (`exact`, `prefix`, `suffix`) with a TextPositionSelector hint (`start`, `end`). Pure DOM, no Lit:
 * `describeRange` turns a selection into a selector, `anchorQuote` finds it again in a (possibly
 * edited) article, or answers null rather than guess.
 */
export type TextQuote = Anchor;

/** The server's limits (server/contract/comment.ts MAX_QUOTE, MAX_QUOTE_CONTEXT); a test keeps them equal. */
export const MAX_QUOTE = 1000;
export const CONTEXT = 32;

/** Text that is not the article's: code, styles, and anything Parley itself put there. */
const SKIP = 'script, style, noscript, template, textarea, [data-parley-ui]';

export type ArticleText = { text: string; nodes: Text[]; starts: number[] };

/** The article's text as one string, and where each text node starts in it. */
export function articleText(root: Element): ArticleText {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push(n as Text);
    starts.push(text.length);
    text += (n as Text).data;
  }
  return { text, nodes, starts };
}

/** The text offset of a boundary point: inside a text node, or before the first text node after it. */
function offsetOf(article: ArticleText, container: Node, offset: number): number {
  const i = article.nodes.indexOf(container as Text);
  if (i >= 0) return article.starts[i]! + offset;
  const probe = container.ownerDocument!.createRange();
  probe.setStart(container, offset);
  for (let k = 0; k < article.nodes.length; k++) {
    if (probe.comparePoint(article.nodes[k]!, 0) >= 0) return article.starts[k]!;
  }
  return article.text.length;
}

/**
 * The selector for `range` inside `root`, trimmed of surrounding white space; null when the range
 * is outside the article, holds no text, or is longer than the server accepts.
 */
export function describeRange(root: Element, range: Range): TextQuote | null {
  if (!root.contains(range.commonAncestorContainer)) return null;
  const article = articleText(root);
  let start = offsetOf(article, range.startContainer, range.startOffset);
  let end = offsetOf(article, range.endContainer, range.endOffset);
  while (start < end && /\s/.test(article.text[start]!)) start++;
  while (end > start && /\s/.test(article.text[end - 1]!)) end--;
  if (end <= start || end - start > MAX_QUOTE) return null;
  return {
    exact: article.text.slice(start, end),
    prefix: article.text.slice(Math.max(0, start - CONTEXT), start),
    suffix: article.text.slice(end, end + CONTEXT),
    start,
    end,
  };
}

/** The DOM range of text offsets [start, end). */
export function rangeOf(article: ArticleText, start: number, end: number): Range | null {
  const { nodes, starts } = article;
  if (nodes.length === 0) return null;
  let i = 0;
  while (i < nodes.length - 1 && starts[i + 1]! <= start) i++;
  let j = i;
  while (j < nodes.length - 1 && starts[j]! + nodes[j]!.length < end) j++;
  const range = nodes[0]!.ownerDocument.createRange();
  range.setStart(nodes[i]!, Math.min(start - starts[i]!, nodes[i]!.length));
  range.setEnd(nodes[j]!, Math.min(end - starts[j]!, nodes[j]!.length));
  return range;
}

/** How well `expected` matches `actual` (0..1), allowing edits: 1 - edit distance / length. */
function similarity(expected: string, actual: string): number {
  if (!expected) return actual.trim() === '' ? 1 : 0.5;
  if (!actual) return 0;
  const best = search(actual, expected, expected.length);
  const errors = best.length ? Math.min(...best.map((m) => m.errors)) : expected.length;
  return 1 - errors / expected.length;
}

type Candidate = { start: number; end: number; errors: number };

/** Every exact occurrence; bounded, so a one-letter quote in a long article cannot stall the page. */
function exactMatches(text: string, exact: string): Candidate[] {
  const out: Candidate[] = [];
  for (let at = text.indexOf(exact); at >= 0 && out.length < 100; at = text.indexOf(exact, at + 1)) {
    out.push({ start: at, end: at + exact.length, errors: 0 });
  }
  return out;
}

// A quote may be found with up to a fifth of its characters changed (a typo fixed, a word swapped);
// past that it is a different passage.
const MAX_QUOTE_ERRORS = 0.2;
// How much of the surrounding text must still be there. Unrelated English prose scores about 0.3
// against a 32-character context; the same context with a few words edited scores 0.6 and more.
const MIN_CONTEXT = 0.5;
// A quote this long that occurs exactly once is that passage even if everything around it changed
// (a paragraph moved as a whole); a shorter one ("the council") needs its context to vouch for it.
const SELF_EVIDENT = 30;

export type Anchored = { range: Range; start: number; end: number };

/**
 * Finds the passage again: exact matches first, then approximate ones, each judged by how much of
 * its prefix and suffix survived, with the old position only breaking ties. Null when no candidate
 * is convincing: "on a passage that has changed" is better than the wrong passage.
 */
export function anchorQuote(root: Element, quote: TextQuote, article: ArticleText = articleText(root)): Anchored | null {
  const { text } = article;
  const { exact } = quote;
  if (!exact) return null;
  let candidates = exactMatches(text, exact);
  const isExact = candidates.length > 0;
  if (!isExact) {
    const maxErrors = Math.floor(exact.length * MAX_QUOTE_ERRORS);
    candidates = maxErrors > 0 ? search(text, exact, maxErrors) : [];
  }
  let best: { c: Candidate; score: number } | null = null;
  for (const c of candidates.slice(0, 100)) {
    const before = text.slice(Math.max(0, c.start - quote.prefix.length - 8), c.start);
    const after = text.slice(c.end, c.end + quote.suffix.length + 8);
    const context = (similarity(quote.prefix, before) + similarity(quote.suffix, after)) / 2;
    const isSelfEvident = isExact && candidates.length === 1 && exact.trim().length >= SELF_EVIDENT;
    if (context < MIN_CONTEXT && !isSelfEvident) continue;
    const hasHint = quote.end > quote.start;
    const nearness = hasHint ? 1 - Math.min(1, Math.abs(c.start - quote.start) / Math.max(1, text.length)) : 0;
    const score = context * 2 + (1 - c.errors / exact.length) * 2 + nearness * 0.5;
    if (!best || score > best.score) best = { c, score };
  }
  if (!best) return null;
  const range = rangeOf(article, best.c.start, best.c.end);
  return range ? { range, start: best.c.start, end: best.c.end } : null;
}
