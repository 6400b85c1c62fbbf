import { pass, spam, type Phase } from '../phase.ts';

// Faster than a person can act: measured by the widget from the reader's first interaction with
// the form (focus, a key, a click in it), not from the page load, so a reader who writes a short
// comment right after the article opens is not taken for a bot. An unknown time (an API client,
// no form) proves nothing, so it passes.
export const tooFast: Phase = ({ comment, settings, isEdit }) => {
  const { elapsedMs } = comment;
  if (isEdit || elapsedMs === null || elapsedMs < 0) return pass;
  return elapsedMs < settings.minSecondsToPost * 1000 ? spam(`too fast: ${(elapsedMs / 1000).toFixed(1)} s`) : pass;
};
