import { and, count, eq } from 'drizzle-orm';
import { resolveSettings } from '../../contract/settings.ts';
import { findComment } from '../../store/comments.ts';
import type { OutboxRow } from '../../store/outbox.ts';
import { findPageById, type PageRow } from '../../store/pages.ts';
import { comments, moderators, pages } from '../../store/schema/index.ts';
import { findSiteById } from '../../store/sites.ts';
import { findSubscription, type SubscriptionRow } from '../../store/subscriptions.ts';
import type { Services } from '../context.ts';
import type { OutgoingMail } from './mailer.ts';
import { confirmUrl, unsubscribeUrl } from './links.ts';
import { commentMail, confirmMail, oneLine, pendingAlertMail, type MailContent } from './templates.ts';

/** A row to send, or why it no longer should be (its cause went away since it was written). */
export type Composed = { mail: OutgoingMail } | { cancel: string };

const isActive = (sub: SubscriptionRow | undefined): sub is SubscriptionRow => !!sub && !sub.unsubscribedAt && !sub.bouncedAt;

/** Where a comment lives on the host site: the page's URL (or key) and the widget's `#comment-<id>` anchor. */
export function permalink(services: Services, page: PageRow, commentId: number): string {
  const base = page.url ?? (/^https?:\/\//.test(page.key) ? page.key : `${services.config.publicUrl}${page.key.startsWith('/') ? '' : '/'}${page.key}`);
  return `${base.replace(/#.*$/, '')}#comment-${commentId}`;
}

const pageTitle = (page: PageRow) => page.title ?? page.key;

/** The bare address, header-safe: anything with a line break or angle bracket never gets here (zod `Email`). */
function envelope(services: Services, to: string, content: MailContent, headers: Record<string, string> = {}): OutgoingMail {
  return { from: services.config.mailFrom, to: oneLine(to, 254), subject: content.subject, text: content.text, html: content.html, headers };
}

async function languageOf(services: Services, siteId: number): Promise<string> {
  const site = await findSiteById(services.database.db, siteId);
  return resolveSettings(site?.settings).language;
}

/**
 * Renders an outbox row at send time, from the rows as they are now: a comment deleted or
 * rejected since, or a subscription ended, sends nothing.
 */
export async function composeMail(services: Services, row: OutboxRow): Promise<Composed> {
  const db = services.database.db;
  const payload = row.payload as Record<string, number | boolean>;
  switch (row.kind) {
    case 'confirm': {
      const sub = await findSubscription(db, Number(payload.subscriptionId));
      if (!isActive(sub)) return { cancel: 'subscription ended' };
      if (sub.confirmedAt) return { cancel: 'already confirmed' };
      const page = (await findPageById(db, sub.pageId))!;
      const content = confirmMail(await languageOf(services, page.siteId), { title: pageTitle(page), confirmUrl: confirmUrl(services.config, sub.id) });
      return { mail: envelope(services, sub.email, content, { 'Auto-Submitted': 'auto-generated' }) };
    }
    case 'comment': {
      const [sub, comment] = await Promise.all([findSubscription(db, Number(payload.subscriptionId)), findComment(db, Number(payload.commentId))]);
      if (!isActive(sub) || !sub.confirmedAt) return { cancel: 'subscription ended' };
      if (!comment || comment.status !== 'approved') return { cancel: `comment is ${comment?.status ?? 'gone'}` };
      const page = (await findPageById(db, comment.pageId))!;
      const unsubscribe = unsubscribeUrl(services.config, sub.id);
      const content = commentMail(await languageOf(services, page.siteId), {
        isReply: payload.isReply === true,
        title: pageTitle(page),
        author: comment.authorName,
        bodyHtml: comment.bodyHtml,
        permalink: permalink(services, page, comment.id),
        unsubscribeUrl: unsubscribe,
      });
      // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the https URL, no sign-in.
      return {
        mail: envelope(services, sub.email, content, {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        }),
      };
    }
    case 'pending': {
      const siteId = Number(payload.siteId);
      const [moderator] = await db.select().from(moderators).where(eq(moderators.id, Number(payload.moderatorId))).limit(1);
      if (!moderator || moderator.disabledAt || !moderator.isAlertedOfPending) return { cancel: 'alert turned off' };
      const [pending] = await db
        .select({ n: count() })
        .from(comments)
        .innerJoin(pages, eq(pages.id, comments.pageId))
        .where(and(eq(pages.siteId, siteId), eq(comments.status, 'pending')));
      const n = Number(pending?.n ?? 0);
      if (n === 0) return { cancel: 'nothing pending any more' };
      const site = await findSiteById(db, siteId);
      const content = pendingAlertMail(resolveSettings(site?.settings).language, {
        site: site?.name ?? String(siteId),
        count: n,
        queueUrl: `${services.config.publicUrl}/admin`,
      });
      return { mail: envelope(services, moderator.email, content, { 'Auto-Submitted': 'auto-generated' }) };
    }
    default:
      return { cancel: `unknown kind ${row.kind}` };
  }
}
