import { hold, pass, spam, type Phase } from '../phase.ts';
import { HOLD_SCORE_LIMIT, scoreContent, SPAM_SCORE_LIMIT } from '../spam-heuristics.ts';

// The pluggable checker (Akismet-style) is asked before the pipeline, only when configured; its
// "spam" wins. Otherwise the content heuristics decide: clear spam goes to Spam, a comment that
// only looks like it waits in Pending for a person.
export const spamScore: Phase = ({ comment, externalSpam }) => {
  if (externalSpam === true) return spam('spam checker');
  const { score, signals } = scoreContent(comment);
  if (score >= SPAM_SCORE_LIMIT) return spam(`spam score: ${score} (${signals.join(', ')})`);
  if (score >= HOLD_SCORE_LIMIT) return hold(`looks like spam: ${signals.join(', ')}`);
  return pass;
};
