import type { EmailStatus, OutboxStatus, OutboxView, SubscriptionView, TestMailResult } from '../../contract/email.ts';
import { AppError } from '../../errors.ts';
import { countOutboxByStatus, findOutboxRow, listOutboxRows, requeueRow, type OutboxRow } from '../../store/outbox.ts';
import { findPage } from '../../store/pages.ts';
import { listPageSubscriptions, type SubscriptionRow } from '../../store/subscriptions.ts';
import { assertAdmin, assertSite, type Actor } from '../admin/actor.ts';
import type { Services } from '../context.ts';
import { MailError } from './mailer.ts';
import { testMail } from './templates.ts';

export async function emailStatus(services: Services, actor: Actor): Promise<EmailStatus> {
  assertAdmin(actor);
  return {
    mode: services.mailer.kind,
    description: services.mailer.description,
    from: services.config.mailFrom,
    counts: await countOutboxByStatus(services.database.db, null),
  };
}

/**
 * Sends one mail now, past the outbox, and reports what the server said: its `250 …` or its
 * refusal verbatim (`451 …`, `535 …`), or the socket/TLS error (`connect ECONNREFUSED …`).
 */
export async function sendTestMail(services: Services, actor: Actor, to: string): Promise<TestMailResult> {
  assertAdmin(actor);
  const content = testMail('en');
  try {
    const result = await services.mailer.send({ from: services.config.mailFrom, to, subject: content.subject, text: content.text, html: content.html, headers: {} });
    return { ok: true, response: result.response };
  } catch (error) {
    return { ok: false, error: error instanceof MailError ? error.message : String((error as Error).message ?? error) };
  }
}

export function toOutboxView(row: OutboxRow, isDevMailbox: boolean): OutboxView {
  const m = row.message;
  return {
    id: row.id,
    kind: row.kind,
    recipient: row.recipient,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    runAfter: row.runAfter.toISOString(),
    lockedUntil: row.lockedUntil?.toISOString() ?? null,
    lastError: row.lastError,
    lastResponse: row.lastResponse,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    // Bodies only where the dev mailbox is the delivery; a real recipient's mail is theirs.
    message: m ? (isDevMailbox || row.status === 'kept' ? { subject: m.subject, text: m.text, html: m.html, headers: m.headers } : { subject: m.subject }) : null,
  };
}

export async function listOutbox(services: Services, actor: Actor, q: { status?: OutboxStatus | undefined; before?: number | undefined; limit: number }) {
  const rows = await listOutboxRows(services.database.db, { status: q.status, siteIds: actor.siteIds, beforeId: q.before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return { rows: page.map((r) => toOutboxView(r, services.mailer.kind === 'dev')), nextBefore: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

export async function retryOutbox(services: Services, actor: Actor, id: number): Promise<OutboxView> {
  const row = await findOutboxRow(services.database.db, id);
  if (!row) throw new AppError('not_found', 'No such mail');
  if (row.siteId === null) assertAdmin(actor);
  else assertSite(actor, row.siteId);
  if (row.status !== 'failed' && row.status !== 'queued') throw new AppError('conflict', `This mail is ${row.status}; only a failed or queued one can be retried`);
  const after = await requeueRow(services.database.db, id, services.clock.now());
  if (!after) throw new AppError('conflict', 'It changed meanwhile');
  services.events.publish({ type: 'outbox', siteId: row.siteId ?? 0 });
  return toOutboxView(after, services.mailer.kind === 'dev');
}

const stateOf = (s: SubscriptionRow): SubscriptionView['state'] =>
  s.bouncedAt ? 'bounced' : s.unsubscribedAt ? 'unsubscribed' : s.confirmedAt ? 'active' : 'unconfirmed';

export async function pageSubscriptions(services: Services, actor: Actor, siteSlug: string, pageKey: string): Promise<SubscriptionView[]> {
  const site = await services.sites.get(siteSlug);
  assertSite(actor, site.id);
  const page = await findPage(services.database.db, site.id, pageKey);
  if (!page) return [];
  return (await listPageSubscriptions(services.database.db, page.id)).map((s) => ({
    id: s.id,
    email: s.email,
    kind: s.kind,
    commentId: s.commentId,
    state: stateOf(s),
    bounceReason: s.bounceReason,
    createdAt: s.createdAt.toISOString(),
  }));
}
