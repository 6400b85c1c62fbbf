import { pass, spam, type Phase } from '../phase.ts';
import { scoreContent, SPAM_SCORE_LIMIT } from '../spam-heuristics.ts';

// The pluggable checker (Akismet-style) is asked before the pipeline, only when configured; its
// "spam" wins. Otherwise the content heuristics decide.
export const spamScore: Phase = ({ comment, externalSpam }) => {
  if (externalSpam === true) return spam('spam checker');
  const { score, signals } = scoreContent(comment);
  return score >= SPAM_SCORE_LIMIT ? spam(`spam score: ${score} (${signals.join(', ')})`) : pass;
};
