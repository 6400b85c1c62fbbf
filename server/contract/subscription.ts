import { z } from 'zod';
import { Email, HttpUrl, Id, IdParam, lineText, PageKey, SiteSlug } from './common.ts';

export const SubscriptionKind = z.enum(['page', 'replies']);
export type SubscriptionKind = z.infer<typeof SubscriptionKind>;

/**
 * `POST /subscriptions` — wpDiscuz's "Notify of": `page` (the default), new follow-up comments on
 * the page; `replies`, new replies to my comments: to `commentId` alone, or without it to every
 * comment of mine on the page (mine: by this reader, or given with this address). A signed-in
 * reader's own address is used; a guest gives `email`.
 */
export const NewSubscription = z
  .object({
    site: SiteSlug,
    page: PageKey,
    url: HttpUrl.optional(),
    title: lineText(300).optional(),
    email: Email.optional(),
    kind: SubscriptionKind.optional(),
    commentId: Id.optional(),
  })
  .refine((s) => !(s.kind === 'page' && s.commentId !== undefined), { message: 'A page subscription names no comment', path: ['commentId'] });
export type NewSubscription = z.infer<typeof NewSubscription>;

/** `subscribed`: mail will come; `confirmation_sent`: a mail with a link went to the address first. */
export type SubscriptionState = { id: number; kind: SubscriptionKind; commentId: number | null; state: 'subscribed' | 'confirmation_sent' };

/** `?s=<subscription id>&t=<token>` in confirm and unsubscribe links. */
export const LinkQuery = z.object({ s: IdParam, t: z.string().min(1).max(64) });
