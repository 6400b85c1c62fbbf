import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSignInToken, signInLink } from '../../server/services/admin/sessions.ts';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { createModerator } from '../helpers/admin.ts';
import { client } from '../helpers/app.ts';
import { launchBrowser, openPage, runAxe } from '../helpers/browser.ts';
import { FAST_OUTBOX, outboxCounts } from '../helpers/mail.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';
import { FAST_READER, startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 11, the admin's Email screen with a real SMTP server behind it (the sink): the test mail's
// answer word for word, a failed mail with the server's reason, "Retry now", a page's bounced
// subscriber. The dev mailbox (no SMTP) is in admin-screens.test.ts.
let sink: SmtpSink;
let server: TestServer;
let browser: Browser;
let a: Page;

/** A 2-core box shared by many runs: an SMTP round trip and the worker's next look can take a while. */
const SLOW = { timeout: 20_000, interval: 100 };

beforeAll(async () => {
  sink = await SmtpSink.start();
  server = await startTestServer({
    settings: FAST_READER,
    // Short socket timeouts; one attempt, so a refusal marks the mail failed at once.
    mailer: smtpMailer(sink.url(), { timeoutMs: 2_000 }),
    outbox: { ...FAST_OUTBOX, maxAttempts: 1 },
  });
  const chief = await createModerator(server.app, { email: 'chief@example.com', role: 'admin' });
  browser = await launchBrowser();
  a = (await openPage(browser, signInLink(server.app.services, await issueSignInToken(server.app.services, chief.moderator.id)))).page;
  await a.getByRole('heading', { name: 'Pending' }).waitFor();
  await a.locator('parley-admin-nav').getByRole('link', { name: 'Email' }).click();
  await a.getByRole('heading', { name: 'Email', exact: true }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sink?.stop();
});

const status = () => a.locator('parley-admin > .status');
const testResult = () => a.locator('parley-admin-email .test-result').textContent();
const mailRow = (to: string) => a.locator('parley-admin-outbox tbody tr[data-mail-id]', { has: a.locator('td.to', { hasText: to }) });
const cells = async (to: string) => (await mailRow(to).locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
const subscribe = (email: string, page: string) =>
  client(server.app).post('/api/v1/subscriptions', { site: 'demo', page, title: 'Mail tests', email }, { headers: { origin: server.url } });
/** Waits for the worker to have tried every mail, then shows the outbox as it is now. */
async function refreshOutbox(failed: number) {
  await expect.poll(async () => (await outboxCounts(server.app)).failed ?? 0, SLOW).toBe(failed);
  await a.getByRole('button', { name: 'Refresh' }).click();
}

describe('the Email screen with an SMTP server', () => {
  it('says which SMTP server sends, and a test mail shows its 250, then the exact error once the port is closed', async () => {
    expect(await a.locator('parley-admin-email [data-mode="smtp"]').textContent()).toContain(`smtp://127.0.0.1:${sink.port}`);
    await a.getByLabel('Send to').fill('me@parley.test');
    await a.getByRole('button', { name: 'Send test mail' }).click();
    await expect.poll(testResult, SLOW).toMatch(/The SMTP server answered:\s*250 .*Ok: queued as sink-1/);
    await expect.poll(() => status().textContent()).toMatch(/^The SMTP server accepted the test mail: 250 .*Ok: queued as sink-1$/);
    expect(sink.to('me@parley.test')).toHaveLength(1);

    await sink.setMode('down');
    await a.getByRole('button', { name: 'Send test mail' }).click();
    await expect.poll(testResult, SLOW).toMatch(new RegExp(`The mail was not sent:\\s*connect ECONNREFUSED 127\\.0\\.0\\.1:${sink.port}`));
    await expect.poll(() => status().textContent()).toBe(`The test mail was not sent: connect ECONNREFUSED 127.0.0.1:${sink.port}`);
    await sink.setMode('accept');
  });

  it('an address refused for good is failed with the server\'s 550, and the page\'s subscriptions show it bounced', async () => {
    sink.deadAddresses.add('gone@reader.test');
    expect((await subscribe('gone@reader.test', '/bounced')).status).toBe(201);
    await refreshOutbox(1);
    await expect.poll(() => cells('gone@reader.test'), SLOW).toEqual([
      expect.stringMatching(/^gone@reader\.test \S/),
      'Confirm your subscription to comments on “Mail tests” subscription confirmation',
      'failed',
      '1',
      '550 5.1.1 No such user here',
      'Retry now',
    ]);
    await a.getByLabel(/^Page key/).fill('/bounced');
    await a.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => status().textContent()).toBe('1 subscription on /bounced.');
    const sub = a.getByRole('table', { name: 'Subscriptions of /bounced' }).locator('tbody tr');
    expect((await sub.locator('td').allInnerTexts()).slice(0, 4)).toEqual(['gone@reader.test', 'new follow-up comments', 'bounced', '550 5.1.1 No such user here']);
  });

  it('a mail refused for now is failed with the server\'s reason; "Retry now" sends it and says so', async () => {
    await sink.setMode('refuse');
    expect((await subscribe('later@reader.test', '/retry')).status).toBe(201);
    await refreshOutbox(2);
    await expect.poll(async () => (await cells('later@reader.test')).slice(2, 5), SLOW).toEqual(['failed', '1', '451 4.7.1 Greylisted, please try again later']);
    await sink.setMode('accept');
    await a.getByRole('button', { name: 'Retry now the mail to later@reader.test' }).click();
    await expect.poll(() => status().textContent(), SLOW).toMatch(/^The mail to later@reader\.test is sent: 250 .*Ok: queued as sink-\d+$/);
    expect((await cells('later@reader.test')).slice(2, 4)).toEqual(['sent', '2']);
    expect(await mailRow('later@reader.test').getByRole('button', { name: /^Retry/ }).count()).toBe(0);
    expect(sink.to('later@reader.test')).toHaveLength(1);
  });

  it('has no axe violations with a test mail\'s error, a failed mail and a bounced subscriber on screen', async () => {
    await a.locator('parley-admin-email .test-result .error').waitFor();
    await mailRow('gone@reader.test').getByRole('button', { name: 'Retry now the mail to gone@reader.test' }).waitFor();
    expect((await runAxe(a)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  it('shows one status at a time, and pages back through the outbox with "Load more"', async () => {
    // 30 old sent mails, written straight into the table: paging is about many rows, not how they came.
    await server.database.db.execute(sql`
      insert into outbox (kind, payload, status, recipient, attempts, last_response, sent_at, message)
      select 'comment', '{}'::jsonb, 'sent', 'old' || n || '@reader.test', 1, '250 Ok', now(), jsonb_build_object('subject', 'Old mail ' || n)
      from generate_series(1, 30) as n`);
    await a.getByLabel('Show').selectOption({ label: 'sent' });
    const rows = a.locator('parley-admin-outbox tbody tr[data-mail-id]');
    await expect.poll(() => rows.count()).toBe(25);
    await a.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(31);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))))).toEqual(new Set(['sent']));
    expect(await a.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });
});
