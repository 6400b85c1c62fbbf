/** A third-party spam service (Akismet and the like); only called when one is configured. */
export type SpamChecker = {
  isSpam(input: SpamCheckInput): Promise<boolean>;
};

export type SpamCheckInput = { body: string; authorName: string; email: string | null; ip: string | null; url: string | null };

/** Waits this long for the checker; past it, or on any failure, the comment is judged without it. */
export const SPAM_CHECK_TIMEOUT_MS = 3000;

/**
 * Asks the configured checker, outside any database transaction (it is a network call). Fails
 * open: a checker that is down must not stop people commenting. Null when none is configured.
 */
export async function askSpamChecker(checker: SpamChecker | null, input: SpamCheckInput): Promise<boolean | null> {
  if (!checker) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), SPAM_CHECK_TIMEOUT_MS);
    timer.unref();
  });
  try {
    return await Promise.race([checker.isSpam(input).catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
