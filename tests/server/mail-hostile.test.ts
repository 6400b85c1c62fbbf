import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../../server/services/notify/smtp-mailer.ts';
import { comments, pages } from '../../server/store/schema/index.ts';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { FAST_OUTBOX, linkTo, outboxSettled, waitUntil } from '../helpers/mail.ts';
import { SmtpSink } from '../helpers/smtp-sink.ts';

/** Names, titles and bodies written to hurt: the parsed mail keeps its headers and HTML intact. */
const SLOW = { timeout: 15_000, interval: 50 };
let sink: SmtpSink;
let t: TestApp;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await createTestApp({ mailer: smtpMailer(sink.url()), outbox: FAST_OUTBOX, settings: { minSecondsToPost: 0, rateLimitPerMinute: 10_000 } });
  api = client(t.app);
  await api.post('/api/v1/subscriptions', { site: 'demo', page: '/hostile-mail', title: 'Plain title', email: 'victim@reader.test' });
  await waitUntil(() => sink.to('victim@reader.test').length === 1, 'the confirmation');
  await t.app.request(linkTo(sink.to('victim@reader.test')[0]!, '/api/v1/subscriptions/confirm'));
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('hostile input never bends a mail', () => {
  it('CR/LF in a stored name and title cannot add headers or recipients; HTML in them and in the body stays text', async () => {
    const token = await api.reader();
    // The worker waits while the rows are spoiled below: otherwise it may send the first mail before
    // the hostile name and title are in (a race a loaded machine lost).
    await t.app.outbox.stop();
    const res = await api.post(
      '/api/v1/comments',
      {
        site: 'demo',
        page: '/hostile-mail',
        body: 'Look <img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) **bold**',
        author: { name: '<b>Eve</b> "Bcc: spy@evil.test"' },
      },
      { token },
    );
    expect(res.status).toBe(201);
    // Data that arrived some other way (an import, an old row) with line breaks: the mail must still hold.
    await t.app.services.database.db.update(comments).set({ authorName: 'Eve\r\nBcc: spy@evil.test\r\nX-Injected: yes' }).where(eq(comments.id, res.body.comment.id));
    await t.app.services.database.db.update(pages).set({ title: 'News\r\nSubject: hijacked\nCc: spy@evil.test' }).where(eq(pages.key, '/hostile-mail'));
    const second = await api.post('/api/v1/comments', { site: 'demo', page: '/hostile-mail', body: 'second', author: { name: 'Mallory\u2028Bcc: x@evil.test' } }, { token });
    expect(second.status).toBe(422); // a line break in a name is refused at the edge

    const third = await api.post('/api/v1/comments', { site: 'demo', page: '/hostile-mail', body: 'third <iframe src="javascript:x">y</iframe> <b onclick="x">z</b>', author: { name: 'Trudy =?utf-8?q?=0D=0ABcc:_x@evil.test?=' } }, { token });
    expect(third.status).toBe(201);
    t.app.outbox.start();
    await expect.poll(() => sink.to('victim@reader.test').length, SLOW).toBe(3);
    await outboxSettled(t.app);

    expect(sink.received.some((m) => m.envelope.to.includes('spy@evil.test') || m.envelope.to.includes('x@evil.test'))).toBe(false);
    for (const mail of sink.to('victim@reader.test').slice(1)) {
      const keys = mail.parsed.headerLines.map((h) => h.key);
      expect(keys).not.toContain('bcc');
      expect(keys).not.toContain('cc');
      expect(keys).not.toContain('x-injected');
      expect(keys.filter((k) => k === 'subject')).toHaveLength(1);
      expect(keys.filter((k) => k === 'to')).toHaveLength(1);
      expect(mail.parsed.to).toMatchObject({ value: [{ address: 'victim@reader.test' }] });
      expect(mail.parsed.subject).not.toMatch(/[\r\n]/);
      expect(mail.parsed.subject).not.toContain('hijacked\n');
      const html = mail.parsed.html as string;
      // No live markup from the reader: tags arrive as escaped text, no javascript: link survives.
      expect(html).not.toMatch(/<script|<img|<b>|<a\s[^>]*href="javascript:|<[^>]*\sonerror=/i);
      expect(mail.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    }
    const [first, last] = [sink.to('victim@reader.test')[1]!, sink.to('victim@reader.test')[2]!];
    expect(first.parsed.subject).toBe('New comment on “News Subject: hijacked Cc: spy@evil.test” by Eve Bcc: spy@evil.test X-Injected: yes');
    expect(first.parsed.html).toContain('Eve Bcc: spy@evil.test X-Injected: yes commented');
    expect(first.parsed.html).toContain('<strong>bold</strong>');
    expect(first.parsed.html).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(last.parsed.subject).toContain('Trudy =?utf-8?q?=0D=0ABcc:_x@evil.test?=');
    expect(last.parsed.html).toContain('Trudy =?utf-8?q?=0D=0ABcc:_x@evil.test?= commented');
  });
});
