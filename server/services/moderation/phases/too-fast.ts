import { pass, spam, type Phase } from '../phase.ts';

// Faster than a person can read and type. An unknown time (the client sent neither `elapsedMs`
// nor `renderedAt`) or a negative one (its clock runs ahead of ours) proves nothing, so it passes;
// so does an edit.
export const tooFast: Phase = ({ comment, settings, isEdit }) => {
  const { elapsedMs } = comment;
  if (isEdit || elapsedMs === null || elapsedMs < 0) return pass;
  return elapsedMs < settings.minSecondsToPost * 1000 ? spam(`too fast: ${(elapsedMs / 1000).toFixed(1)} s`) : pass;
};
