import { z } from 'zod';
import { Email, HttpUrl, Id, IdParam, lineText, PageKey, SiteSlug } from './common.ts';

/**
 * `POST /subscriptions` — "Notify of: new follow-up comments" (no commentId) or "new replies to
 * my comments" (commentId). A signed-in reader's own address is used; a guest gives `email`.
 */
export const NewSubscription = z.object({
  site: SiteSlug,
  page: PageKey,
  url: HttpUrl.optional(),
  title: lineText(300).optional(),
  email: Email.optional(),
  commentId: Id.optional(),
});
export type NewSubscription = z.infer<typeof NewSubscription>;

/** `subscribed`: mail will come; `confirmation_sent`: a mail with a link went to the address first. */
export type SubscriptionState = { kind: 'page' | 'replies'; commentId: number | null; state: 'subscribed' | 'confirmation_sent' };

/** `?s=<subscription id>&t=<token>` in confirm and unsubscribe links. */
export const LinkQuery = z.object({ s: IdParam, t: z.string().min(1).max(64) });
