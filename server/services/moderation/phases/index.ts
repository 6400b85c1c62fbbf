import type { Phase } from '../phase.ts';
import { bannedWords } from './banned-words.ts';
import { bans } from './bans.ts';
import { honeypot } from './honeypot.ts';
import { linkLimit } from './link-limit.ts';
import { pageOpen } from './page-open.ts';
import { rateLimit } from './rate-limit.ts';
import { repeatPost } from './repeat-post.ts';
import { siteMode } from './site-mode.ts';
import { spamScore } from './spam-score.ts';
import { suspectWords } from './suspect-words.ts';
import { tooFast } from './too-fast.ts';
import { trust } from './trust.ts';

// The order is the policy: who may post at all first (page, bans, rate), then the cheap bot traps,
// then the content, then the reader-based holds. A rejection throws and ends the run; a spam
// verdict ends it too (a bot learns nothing from later rejections); holds add up their reasons.
export const phases: Phase[] = [
  pageOpen, // locked, or closed after N days → reject
  bans, // banned reader / e-mail / IP → reject (or hold, per banAction)
  rateLimit, // per reader and per IP, shared in the database → 429 + Retry-After
  honeypot, // hidden field filled → spam
  tooFast, // posted faster than a person types → spam
  bannedWords, // → reject
  suspectWords, // → hold `suspect word: …`
  linkLimit, // → hold `links: N`
  repeatPost, // same as a recent comment → reject
  spamScore, // heuristics and the pluggable checker → spam
  siteMode, // all / first / none → hold
  trust, // readers with mostly rejected comments → hold
];
