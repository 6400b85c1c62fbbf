/** A third-party spam service (Akismet and the like); only called when one is configured. */
export type SpamChecker = {
  isSpam(input: { body: string; authorName: string; email: string | null; ip: string | null; url: string | null }): Promise<boolean>;
};
