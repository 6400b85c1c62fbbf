import { hold, pass, type Phase } from '../phase.ts';

// `first`: until the reader has `trustThreshold` approved comments. Edits of an approved
// comment by a trusted reader stay approved.
export const siteMode: Phase = ({ settings, reader }) => {
  if (settings.moderationMode === 'all') return hold('pre-moderation');
  if (settings.moderationMode === 'first' && reader.approvedCount < Math.max(1, settings.trustThreshold)) {
    return hold('first comment');
  }
  return pass;
};
