import type { ModerationSnapshot } from './phase.ts';
import { CONTACT_RE, findSpamPhrases, foldLookalikes, mixedScriptWords, uniqueWordRatio } from './spam-lexicon.ts';

/** At or above this many points a comment is spam (the Spam queue). */
export const SPAM_SCORE_LIMIT = 4;
/** At or above this many, and below the spam limit, it waits in Pending for a person to look. */
export const HOLD_SCORE_LIMIT = 2;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/giu;
const BBCODE_LINK = /\[url[=\]]/iu;
const HTML_LINK = /<a\s[^>]*href/iu;

type Content = Pick<ModerationSnapshot['comment'], 'body' | 'authorName' | 'email' | 'linkCount'>;

/**
 * Points for what spam looks like, with or without links: link markup from other forums, a body
 * that is mostly links, the goods spam sells ("online casino", "no prescription") pushed with
 * selling words, a messenger number to reply to, the same words over and over, shouting, and
 * words spelled with look-alike letters from another script. Cheap and explainable; every
 * weight was tuned on tests/fixtures/labelled-comments.ts, whose false-positive and
 * false-negative rates tests/server/spam-corpus.test.ts holds to.
 */
export function scoreContent(comment: Content): { score: number; signals: string[] } {
  const signals: Array<[string, number]> = [];
  const body = comment.body;
  const urls = body.match(URL_RE) ?? [];
  const links = Math.max(comment.linkCount, urls.length);
  const textOnly = body.replace(URL_RE, '').replace(/\s+/gu, '');

  if (BBCODE_LINK.test(body) || HTML_LINK.test(body)) signals.push(['foreign link markup', 3]);
  // "Source: https://…" is an ordinary reader's comment: one point alone holds nothing.
  if (links >= 1 && textOnly.length < 20) signals.push(['only a link', 1]);
  if (links >= 5) signals.push(['many links', 2]);
  if (/https?:\/\/|www\.|\.(?:com|net|ru|biz|info)\b/iu.test(comment.authorName)) signals.push(['link as name', 2]);

  // "vіаgrа": a Latin word with Cyrillic or Greek letters in it. One such word can be a
  // keyboard-layout slip ("Cпасибо"); two or more are disguise.
  const mixed = mixedScriptWords(`${comment.authorName} ${body}`);
  if (mixed.length >= 2) signals.push(['look-alike letters', 4]);
  else if (mixed.length === 1) signals.push(['look-alike letters', 1]);

  const folded = foldLookalikes(`${comment.authorName}\n${body}`);
  const { topics, pushes } = findSpamPhrases(folded);
  if (topics.length > 0) signals.push([`spam words: ${topics.slice(0, 3).join(', ')}`, Math.min(4, topics.length * 2)]);
  if (pushes.length >= 2) signals.push(['selling words', pushes.length >= 4 ? 2 : 1]);
  if (CONTACT_RE.test(folded)) signals.push(['messenger contact', 2]);

  const { words, ratio } = uniqueWordRatio(body);
  if (words >= 8 && ratio <= 0.35) signals.push(['repeated text', 4]);

  const letters = body.match(/\p{L}/gu) ?? [];
  const upper = body.match(/\p{Lu}/gu) ?? [];
  if (letters.length >= 20 && upper.length / letters.length > 0.8) signals.push(['shouting', 2]);
  if (/(\S)\1{9,}/u.test(body)) signals.push(['repeated characters', 1]);
  if (comment.email && /\d{6,}/u.test(comment.email.split('@')[0] ?? '')) signals.push(['numbered e-mail', 1]);

  return { score: signals.reduce((sum, [, points]) => sum + points, 0), signals: signals.map(([name]) => name) };
}
