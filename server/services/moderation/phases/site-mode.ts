import { hold, pass, type Phase } from '../phase.ts';

// `all` holds every comment and edit for a moderator; `first` holds them until the reader has
// `trustThreshold` approved comments (at least one); `none` holds nothing here.
export const siteMode: Phase = ({ settings, reader }) => {
  if (settings.moderationMode === 'all') return hold('pre-moderation');
  if (settings.moderationMode === 'first' && reader.approvedCount < Math.max(1, settings.trustThreshold)) {
    return hold('first comment');
  }
  return pass;
};
