import { AppError } from '../../../errors.ts';
import { hold, pass, type Phase } from '../phase.ts';

// Gather reads only bans in force; expiry is checked against `now` again so the phase stays a pure
// function of its snapshot. `banAction` decides between telling the author (reject) and quietly
// holding their comments for a moderator.
export const bans: Phase = ({ bans: hits, settings, now }) => {
  const active = hits.filter((b) => b.expiresAt === null || b.expiresAt > now);
  if (active.length === 0) return pass;
  if (settings.banAction === 'hold') return hold(`banned ${active[0]!.kind}`);
  const until = active.some((b) => b.expiresAt === null)
    ? null
    : new Date(Math.max(...active.map((b) => b.expiresAt!.getTime())));
  const message = until
    ? `You are banned from commenting on this site until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : 'You are banned from commenting on this site';
  throw new AppError('banned', message);
};
