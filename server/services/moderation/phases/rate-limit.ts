import { AppError } from '../../../errors.ts';
import { pass, type Phase } from '../phase.ts';

/** Many readers can share one IP (an office, a mobile carrier): the IP gets this many times the reader's allowance. */
export const IP_SHARE = 3;

// The counts come from rate_limits in the database (counted by the post's read statement, see
// postRateKeys), so every instance sees the same window. Edits are not counted.
export const rateLimit: Phase = ({ rate, settings, isEdit }) => {
  if (isEdit) return pass;
  const perMinute = settings.rateLimitPerMinute;
  if (rate.reader > perMinute || rate.ip > perMinute * IP_SHARE) {
    const wait = Math.max(1, rate.retryAfter);
    throw new AppError('rate_limited', `You are posting too often; try again in ${wait} s`, undefined, wait);
  }
  return pass;
};
