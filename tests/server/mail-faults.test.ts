import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { client, createTestApp, PUBLIC_URL, TestClock, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';
import { linkTo, outboxSettled, waitUntil } from '../helpers/mail.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/**
 * The SMTP server misbehaves in every way a real one does, and every mail still arrives exactly
 * once. Time is the test's clock: back-off delays pass when the test says so, never by sleeping.
 */
/** A 2-core box shared by many test runs: SMTP round trips can take a while. */
const SLOW = { timeout: 15_000, interval: 50 };
let sink: SmtpSink;
let t: TestApp;
let api: ReturnType<typeof client>;
let admin: SignedIn;
const clock = new TestClock(new Date('2026-03-01T08:00:00Z'));
const SUBSCRIBERS = ['one@reader.test', 'two@reader.test', 'three@reader.test'];
const HOUR = 3_600_000;

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await createTestApp({
    clock,
    // Short socket timeouts, so a hung server costs the worker 2 s, not 20.
    mailer: smtpMailer(sink.url(), { timeoutMs: 2_000 }),
    outbox: { pollMs: 20, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000, maxAttempts: 3 },
    settings: { minSecondsToPost: 0, rateLimitPerMinute: 10_000 },
  });
  api = client(t.app);
  await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
  admin = await signIn(t.app, 'admin@parley.test');
  for (const email of SUBSCRIBERS) {
    await api.post('/api/v1/subscriptions', { site: 'demo', page: '/faults', title: 'Faults', email });
    await waitUntil(() => sink.to(email).length === 1, `confirmation to ${email}`);
    await t.app.request(linkTo(sink.to(email)[0]!, '/api/v1/subscriptions/confirm'));
  }
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

const commentMails = (email: string) => sink.to(email).filter((m) => m.parsed.subject?.startsWith('New comment'));
const permalinks = (email: string) => commentMails(email).map((m) => m.parsed.text!.match(/#comment-(\d+)/)![1]!);

async function outboxRows() {
  const res = await admin.get('/email/outbox?limit=100');
  return res.body.rows as Array<{ id: number; kind: string; status: string; attempts: number; lockedUntil: string | null; lastError: string | null; lastResponse: string | null; recipient: string }>;
}

async function postComment(body: string) {
  const token = await api.reader();
  const res = await api.post('/api/v1/comments', { site: 'demo', page: '/faults', body, author: { name: 'Writer' } }, { token });
  expect(res.status).toBe(201);
  return res.body.comment.id as number;
}

describe('an SMTP server that refuses, goes away and comes back', () => {
  it('every mail arrives exactly once, after 4xx refusals and a refused connection', async () => {
    await sink.setMode('refuse');
    const ids = [await postComment('During the refusal, one'), await postComment('During the refusal, two')];
    const mine = async () => (await outboxRows()).filter((r) => r.kind === 'comment');
    await expect.poll(async () => (await mine()).map((r) => `${r.status} ${r.attempts} ${r.lastError}`), SLOW)
      .toEqual(Array(6).fill('queued 1 451 4.7.1 Greylisted, please try again later'));
    expect(commentMails('one@reader.test')).toHaveLength(0);

    await sink.setMode('down');
    clock.advance(HOUR);
    await expect.poll(async () => (await mine()).filter((r) => r.attempts === 2 && /ECONNREFUSED/.test(r.lastError ?? '')).length, SLOW).toBe(6);
    expect((await mine()).every((r) => r.status === 'queued')).toBe(true);

    await sink.setMode('accept');
    clock.advance(HOUR);
    await expect.poll(async () => (await mine()).filter((r) => r.status === 'sent').length, SLOW).toBe(6);
    await outboxSettled(t.app);
    for (const email of SUBSCRIBERS) expect(permalinks(email).sort()).toEqual(ids.map(String).sort());
    const sent = await mine();
    expect(sent.every((r) => /^250 Ok: queued as sink-\d+$/.test(r.lastResponse ?? ''))).toBe(true);
  });

  it('a mail refused past the last attempt is failed with the server\'s answer, and "retry now" sends it once', async () => {
    await sink.setMode('refuse');
    sink.refusal = { code: 421, text: '4.3.2 Service shutting down' };
    const id = await postComment('Refused three times');
    const ofIt = async () => (await outboxRows()).filter((r) => r.kind === 'comment' && r.recipient === 'two@reader.test').at(0)!;
    // An attempt is over when its row is no longer held by the worker.
    const attemptsDone = async () => {
      const row = await ofIt();
      return row.lockedUntil === null ? row.attempts : -1;
    };
    await expect.poll(attemptsDone, SLOW).toBe(1);
    clock.advance(HOUR);
    await expect.poll(attemptsDone, SLOW).toBe(2);
    clock.advance(HOUR);
    await expect.poll(async () => (await ofIt()).status, SLOW).toBe('failed');
    const failed = await ofIt();
    expect(failed.lastError).toBe('421 4.3.2 Service shutting down');
    expect((await admin.get('/email/outbox?status=failed')).body.rows.map((r: { id: number }) => r.id)).toContain(failed.id);

    await sink.setMode('accept');
    const retried = await admin.post(`/email/outbox/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    await expect.poll(async () => (await ofIt()).status, SLOW).toBe('sent');
    await outboxSettled(t.app);
    expect(permalinks('two@reader.test').filter((p) => p === String(id))).toHaveLength(1);
    sink.refusal = { code: 451, text: '4.7.1 Greylisted, please try again later' };
    // The other two are failed too; retry them so later tests start clean.
    for (const row of (await outboxRows()).filter((r) => r.status === 'failed')) await admin.post(`/email/outbox/${row.id}/retry`);
    await outboxSettled(t.app);
  });

  it('an address the server refuses for good (550) is failed at once and shown as bounced', async () => {
    await api.post('/api/v1/subscriptions', { site: 'demo', page: '/faults', title: 'Faults', email: 'gone@reader.test' });
    await expect.poll(() => sink.to('gone@reader.test').length, SLOW).toBe(1);
    await t.app.request(linkTo(sink.to('gone@reader.test')[0]!, '/api/v1/subscriptions/confirm'));
    sink.deadAddresses.add('gone@reader.test');
    await postComment('To a dead mailbox');
    const row = async () => (await outboxRows()).find((r) => r.kind === 'comment' && r.recipient === 'gone@reader.test');
    await expect.poll(async () => (await row())?.status, SLOW).toBe('failed');
    expect((await row())!.attempts).toBe(1);
    expect((await row())!.lastError).toBe('550 5.1.1 No such user here');
    const subs = (await admin.get('/email/subscriptions?site=demo&page=/faults')).body.subscriptions;
    expect(subs.find((s: { email: string }) => s.email === 'gone@reader.test')).toMatchObject({ state: 'bounced', bounceReason: '550 5.1.1 No such user here' });
  });

  it('posting never waits for SMTP: with the server hung mid-send, comments are still answered 201', async () => {
    await outboxSettled(t.app);
    const before = commentMails('three@reader.test').length;
    await sink.setMode('hang');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await postComment(`While SMTP hangs ${i}`));
    // Every post was answered while the worker's send was (and is) stuck: none of them got through.
    expect(commentMails('three@reader.test')).toHaveLength(before);
    await sink.setMode('accept');
    // The stuck send either completes now or times out and is retried later: move time on as we wait.
    const arrived = () => {
      clock.advance(HOUR);
      return SUBSCRIBERS.map((email) => permalinks(email).filter((p) => ids.map(String).includes(p)).length);
    };
    await expect.poll(arrived, { timeout: 20_000, interval: 100 }).toEqual([5, 5, 5]);
    await outboxSettled(t.app);
    for (const email of SUBSCRIBERS) expect(permalinks(email).filter((p) => ids.map(String).includes(p)).sort()).toEqual(ids.map(String).sort());
  });
});

describe('the admin\'s test mail', () => {
  it('shows the server\'s own reply, or its refusal word for word', async () => {
    await sink.setMode('accept');
    const ok = await admin.post('/email/test', { to: 'me@parley.test' });
    expect(ok.body).toEqual({ ok: true, response: expect.stringMatching(/^250 Ok: queued as sink-\d+$/) });
    expect(sink.to('me@parley.test').at(-1)!.parsed.subject).toBe('Parley test mail');

    await sink.setMode('refuse');
    expect((await admin.post('/email/test', { to: 'me@parley.test' })).body).toEqual({ ok: false, error: '451 4.7.1 Greylisted, please try again later' });

    await sink.setMode('down');
    const down = await admin.post('/email/test', { to: 'me@parley.test' });
    expect(down.body.ok).toBe(false);
    expect(down.body.error).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
    await sink.setMode('accept');
  });

  it('wrong credentials show the server\'s 535', async () => {
    sink.credentials = { user: 'parley', pass: 'right' };
    const other = createApp({ database: t.database, clock, config: { publicUrl: PUBLIC_URL }, mailer: smtpMailer(sink.url({ user: 'parley', pass: 'wrong' })), outbox: false });
    try {
      await other.ready;
      const session = await signIn(other, 'admin@parley.test');
      expect((await session.post('/email/test', { to: 'me@parley.test' })).body).toEqual({ ok: false, error: '535 5.7.8 auth failed' });
    } finally {
      await other.close();
      sink.credentials = null;
    }
  });
});
