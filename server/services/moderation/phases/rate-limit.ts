import { AppError } from '../../../errors.ts';
import { pass, type Phase } from '../phase.ts';

/** Many readers can share one IP (an office, a mobile carrier): the IP gets this many times the reader's allowance. */
export const IP_SHARE = 3;

/** The refusal, with the seconds left in the window as Retry-After. */
export const rateLimited = (retryAfter: number) => {
  const wait = Math.max(1, retryAfter);
  return new AppError('rate_limited', `You are posting too often; try again in ${wait} s`, undefined, wait);
};

// The counts come from rate_limits in the database (the window's stored counts and this attempt,
// see services/moderation/rate.ts), so every instance sees the same window; the comment's write
// checks them again as it counts. Edits are not counted.
export const rateLimit: Phase = ({ rate, settings, isEdit }) => {
  if (isEdit) return pass;
  const perMinute = settings.rateLimitPerMinute;
  if (rate.reader > perMinute || rate.ip > perMinute * IP_SHARE) throw rateLimited(rate.retryAfter);
  return pass;
};
