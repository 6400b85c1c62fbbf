import type { ModerationSnapshot } from './phase.ts';

/** At or above this many points a comment is spam. Each signal alone stays below it. */
export const SPAM_SCORE_LIMIT = 4;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const BBCODE_LINK = /\[url[=\]]/iu;
const HTML_LINK = /<a\s[^>]*href/iu;

type Content = Pick<ModerationSnapshot['comment'], 'body' | 'authorName' | 'email' | 'linkCount'>;

/**
 * Points for what link spam looks like: link markup from other forums, a body that is mostly
 * links, shouting, a URL for a name. Cheap, explainable, and tuned to miss rather than to hit:
 * the site mode and the moderator catch the rest.
 */
export function scoreContent(comment: Content): { score: number; signals: string[] } {
  const signals: Array<[string, number]> = [];
  const body = comment.body;
  const urls = body.match(URL_RE) ?? [];
  const links = Math.max(comment.linkCount, urls.length);
  const textOnly = body.replace(URL_RE, '').replace(/\s+/gu, '');

  if (BBCODE_LINK.test(body) || HTML_LINK.test(body)) signals.push(['foreign link markup', 3]);
  if (links >= 1 && textOnly.length < 20) signals.push(['only a link', 2]);
  if (links >= 5) signals.push(['many links', 2]);
  if (/https?:\/\/|www\.|\.(?:com|net|ru|biz|info)\b/iu.test(comment.authorName)) signals.push(['link as name', 2]);
  const letters = body.match(/\p{L}/gu) ?? [];
  const upper = body.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= 30 && upper.length / letters.length > 0.8) signals.push(['shouting', 1]);
  if (/(\S)\1{9,}/u.test(body)) signals.push(['repeated characters', 1]);
  if (comment.email && /\d{6,}/u.test(comment.email.split('@')[0] ?? '')) signals.push(['numbered e-mail', 1]);

  return { score: signals.reduce((sum, [, points]) => sum + points, 0), signals: signals.map(([name]) => name) };
}
