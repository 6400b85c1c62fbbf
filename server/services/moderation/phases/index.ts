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

// The order is the policy: cheap rejections first, then spam, then holds. A spam verdict stops
// the run (a bot learns nothing from later rejections); holds add up their reasons.
export const phases: Phase[] = [
  pageOpen, // 1. locked, or closed after N days → reject
  bans, // 2. banned reader / e-mail / IP → reject (or hold, per banAction)
  rateLimit, // 3. per reader and per IP, shared in PostgreSQL → 429 + Retry-After
  honeypot, // 4. hidden field filled → spam
  tooFast, // 4. posted faster than a person types → spam
  bannedWords, // 5. → reject
  suspectWords, // 5. → hold `suspect word: …`
  linkLimit, // 6. → hold `links: N`
  repeatPost, // 7. same as a recent comment → reject
  spamScore, // 8. heuristics and the pluggable checker → spam
  siteMode, // 9. all / first / none
  trust, // 9. readers with mostly rejected comments → hold
];
