import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { rowsOf } from '../../server/store/comments.ts';
import { FAST_OUTBOX, outboxSettled, waitUntil } from '../helpers/mail.ts';
import { processDatabase, PUBLIC_URL, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/**
 * An instance is killed (SIGKILL) while it holds mails it claimed and has not sent: one stuck in
 * the SMTP DATA phase, the rest waiting behind it. The instance that comes up next sends each of
 * them exactly once, after the dead one's lease has run out (a short PARLEY_OUTBOX_LEASE_MS).
 * PostgreSQL only (tests/vitest.config.ts): the test reads the outbox while the instance runs,
 * and the next instance shares the database; a PGlite directory belongs to one process at a time.
 */
const LEASE_MS = 2000;
const SLOW = { timeout: 20_000, interval: 50 };
const ADDRESSES = ['kill-one@reader.test', 'kill-two@reader.test', 'kill-three@reader.test'];
let sink: SmtpSink;
let db: Awaited<ReturnType<typeof processDatabase>>;
let killed: ServerProcess;
let next: ParleyApp | null = null;

/** Raw SQL: timestamps come back as text. */
type Row = { recipient: string; status: string; attempts: number; lockedUntil: string | null; sentAt: string | null };
const outboxRows = async () =>
  rowsOf<Row>(
    await db.database!.db.execute(
      sql`select recipient, status, attempts, locked_until as "lockedUntil", sent_at as "sentAt" from outbox where kind = 'confirm' order by id`,
    ),
  );

beforeAll(async () => {
  sink = await SmtpSink.start();
  db = await processDatabase();
  // Three mails are written first by an instance that sends nothing, so the next one claims them in one go.
  const writer = createApp({ database: db.database!, config: { publicUrl: PUBLIC_URL }, outbox: false });
  await writer.ready;
  await ensureDemoSite(writer.services);
  for (const email of ADDRESSES) {
    const res = await writer.request('/api/v1/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      body: JSON.stringify({ site: 'demo', page: '/killed', email }),
    });
    expect(res.status).toBe(201);
  }
  await writer.close();
  // The SMTP server takes the first message and never answers: the instance is mid-send.
  await sink.setMode('hang');
  killed = await startServerProcess({ ...db.env, SMTP_URL: sink.url(), PARLEY_OUTBOX_LEASE_MS: String(LEASE_MS) });
});
afterAll(async () => {
  killed?.kill();
  await next?.close();
  await db?.close();
  await sink?.stop();
});

describe('an instance killed with mails claimed but not sent', () => {
  it('leaves them to the next instance, which sends each exactly once after the lease ends', async () => {
    // All three claimed under the dead-to-be instance's lease, none sent.
    await expect.poll(async () => (await outboxRows()).filter((r) => r.status === 'queued' && r.attempts === 1 && r.lockedUntil).length, SLOW).toBe(3);
    await expect.poll(() => sink.attempts, SLOW).toBeGreaterThanOrEqual(1);
    const leaseEnds = Math.max(...(await outboxRows()).map((r) => Date.parse(r.lockedUntil!)));

    killed.kill();
    await killed.exited;
    // The dead client's connection is gone before the sink answers again: its message never counts.
    await waitUntil(() => sink.openSessions === 0, 'the killed instance\'s SMTP connection to close');
    await sink.setMode('accept');
    expect(sink.received).toHaveLength(0);

    next = createApp({ database: db.database!, config: { publicUrl: PUBLIC_URL }, mailer: smtpMailer(sink.url()), outbox: { ...FAST_OUTBOX, leaseMs: LEASE_MS } });
    await next.ready;
    await expect.poll(() => sink.received.length, SLOW).toBe(3);
    await outboxSettled(next);
    for (const email of ADDRESSES) expect(sink.to(email)).toHaveLength(1);
    const rows = await outboxRows();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(ADDRESSES.map(() => ['sent', 2]));
    // Not one of them was taken again while the dead instance's lease still held it.
    expect(rows.every((r) => Date.parse(r.sentAt!) >= leaseEnds)).toBe(true);
  });
});
