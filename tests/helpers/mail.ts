import { sql } from 'drizzle-orm';
import type { ParleyApp } from '../../server/app.ts';
import { rowsOf } from '../../server/store/comments.ts';
import type { ReceivedMail } from './smtp-sink.ts';

/** Outbox timings for tests: look every 20 ms; retries wait for the test's clock. */
export const FAST_OUTBOX = { pollMs: 20, baseDelayMs: 60_000, maxDelayMs: 600_000, maxAttempts: 5 } as const;

/** Rows by status, straight from the table. */
export async function outboxCounts(app: ParleyApp): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(await app.services.database.db.execute(sql`select status, count(*)::int as n from outbox group by status`));
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Polls `check` every 20 ms until it is true, at most `timeout` ms; usable in hooks, where
 * `expect.poll` is not. A wait on a condition, not a sleep.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until nothing due is left in the outbox: every mail written so far went (or failed). */
export async function outboxSettled(app: ParleyApp, timeout = 10_000): Promise<void> {
  const due = async () =>
    rowsOf<{ n: number }>(await app.services.database.db.execute(sql`select count(*)::int as n from outbox where status = 'queued' and run_after <= ${app.services.clock.now().toISOString()}::timestamptz`))[0]!.n;
  await waitUntil(async () => (await due()) === 0, 'the outbox to drain', timeout);
}

/** The header as it stood in the message, unfolded (`List-Unsubscribe: <…>`), or undefined. */
export function headerLine(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, ' ');
}

export const headerValue = (mail: ReceivedMail, name: string) => headerLine(mail, name)?.replace(/^[^:]+:\s*/, '');

/** The first link in the text part that goes to `path` (e.g. `/api/v1/unsubscribe`), as a path + query. */
export function linkTo(mail: ReceivedMail, path: string): string {
  const match = (mail.parsed.text ?? '').match(new RegExp(`https?://[^\\s]+${path.replace(/\//g, '\\/')}\\?[^\\s]+`));
  if (!match) throw new Error(`no ${path} link in: ${mail.parsed.text}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}
