import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../helpers/app.ts';
import { bulkSettings, storedComment } from '../helpers/rows.ts';

let t: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  t = await createTestApp({ settings: { ...bulkSettings, linkLimit: 100 } });
  api = client(t.app);
});
afterAll(() => t.close());

/** Posts as a fresh reader (so the repeat-post check never bites) and returns the stored row and shown HTML. */
async function roundTrip(body: string, name = 'Guest') {
  const res = await api.comment(await api.reader(), { page: '/markdown', body, name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const row = (await storedComment(t.app, res.body.comment.id))!;
  // Link markup and spam-like strings may be held for review (the spam heuristics): then the
  // author's own view, rendered by the same code, is what anyone is shown.
  if (res.body.status !== 'approved') return { created: res.body, row, html: res.body.comment.bodyHtml as string, name: res.body.comment.author.name as string };
  const thread = await api.get('/api/v1/threads?site=demo&page=/markdown&sort=newest&limit=1');
  const shown = thread.body.comments[0];
  expect(shown.id).toBe(row.id);
  return { created: res.body, row, html: shown.bodyHtml as string, name: shown.author.name as string };
}

const LINK_ATTRS = 'rel="nofollow ugc noopener noreferrer" target="_blank"';
/** Tags and attributes DESIGN §6 allows, and only http(s) and mailto links; anything else in `html` fails. */
function expectOnlyAllowlisted(html: string) {
  for (const [, tag, attrs] of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    expect(['p', 'br', 'a', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li']).toContain(tag);
    for (const [, attr] of attrs!.matchAll(/\s([a-zA-Z-]+)=/g)) expect(['href', 'rel', 'target', 'start']).toContain(attr);
    for (const [, href] of attrs!.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(https?:|mailto:)/);
  }
}

describe('Markdown is rendered to the allowlist and nothing more', () => {
  const cases: Array<[string, string, string]> = [
    ['emphasis, strike and code', '**bold** _em_ ~~gone~~ `x < y`', '<p><strong>bold</strong> <em>em</em> <del>gone</del> <code>x &lt; y</code></p>'],
    ['a link gets rel and target', '[the site](https://example.com/a?b=1&c=2)', `<p><a href="https://example.com/a?b=1&amp;c=2" ${LINK_ATTRS}>the site</a></p>`],
    ['a bare URL becomes a link', 'see https://example.com/x now', `<p>see <a href="https://example.com/x" ${LINK_ATTRS}>https://example.com/x</a> now</p>`],
    ['a mailto link is kept', '[write](mailto:ed@example.com)', `<p><a href="mailto:ed@example.com" ${LINK_ATTRS}>write</a></p>`],
    ['a script tag is text', '<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['raw HTML is text', '<b onclick="x()">hi</b>', '<p>&lt;b onclick="x()"&gt;hi&lt;/b&gt;</p>'],
    // With the image rule off, `![alt](url)` is a "!" and a link: nothing is ever fetched.
    ['an image is never an image', '![pixel](https://tracker.example/p.gif)', `<p>!<a href="https://tracker.example/p.gif" ${LINK_ATTRS}>pixel</a></p>`],
    ['a javascript: link is text', '[click](javascript:alert(1))', '<p>[click](javascript:alert(1))</p>'],
    ['a data: link is text', '[click](data:text/html;base64,PHNjcmlwdD4=)', '<p>[click](data:text/html;base64,PHNjcmlwdD4=)</p>'],
    // Scheme-less links would point into the host site (a relative href): text, like javascript:.
    ['a scheme-less link is text', '[x](plaintext)', '<p>[x](plaintext)</p>'],
    ['a site-relative link is text', '[delete my account](/account/delete)', '<p>[delete my account](/account/delete)</p>'],
    ['a protocol-relative link is text', '[x](//evil.example/a)', '<p>[x](//evil.example/a)</p>'],
    ['a heading is a paragraph', '# Big news', '<p># Big news</p>'],
    ['lists and quotes', '> quoted\n\n1. one\n2. two', '<blockquote>\n<p>quoted</p>\n</blockquote>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>'],
    ['a fenced block loses its class', '```js\nlet a = "<b>";\n```', '<pre><code>let a = "&lt;b&gt;";\n</code></pre>'],
    ['a line break is kept', 'one\ntwo', '<p>one<br />\ntwo</p>'],
  ];
  for (const [name, source, html] of cases) {
    it(name, async () => {
      const { html: shown } = await roundTrip(source);
      expect(shown).toBe(html);
      expectOnlyAllowlisted(shown);
    });
  }

  it('an HTML link with a javascript: href never becomes a link', async () => {
    const { html } = await roundTrip('<a href="javascript:alert(1)">x</a> and <iframe src="https://evil.example"></iframe> <svg onload=alert(1)>');
    // The iframe's bare https URL may be linkified; the javascript: one never is.
    expect(html).not.toMatch(/<iframe|<svg|<a href="javascript/);
    expect(html).toContain('&lt;iframe');
    expectOnlyAllowlisted(html);
  });
});

describe('the Markdown source round-trips exactly', () => {
  it('what was posted, trimmed, is what the database keeps', async () => {
    const source = '  **Hello**,   world!\n\n> a quote\n>   kept as typed\n\n    indented code\n\ttab\t\n\nend  \n\n';
    const { row } = await roundTrip(source);
    expect(row.bodyMd).toBe(source.trim());
  });

  it('an edit keeps the new source exactly too', async () => {
    const token = await api.reader();
    const id = (await api.comment(token, { page: '/markdown-edit', body: 'draft' })).body.comment.id;
    const edited = '*edited*  \n  with trailing spaces  and `code`';
    expect((await api.patch(`/api/v1/comments/${id}`, { body: `\n${edited}\n  ` }, { token })).status).toBe(200);
    expect((await storedComment(t.app, id))?.bodyMd).toBe(edited);
  });
});

describe('naughty strings are stored and returned intact and safe', () => {
  // A handful in the spirit of the big list of naughty strings.
  // Each: [name, text, whether every character shows as typed (Markdown gives `*` and entities meaning)].
  const strings: Array<[string, string, boolean]> = [
    ['right-to-left override', 'user\u202Egnp.exe and \u202Bمرحبا بالعالم\u202C', true],
    ['zero-width joiners and spaces', 'zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom', true],
    ['emoji ZWJ sequences', 'family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, skin tone 👍🏽, keycap 1️⃣', true],
    ['SQL-looking text', "Robert'); DROP TABLE comments;-- and 1' OR '1'='1 and $1 and \\x00", false],
    ['combining characters', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', true],
    ['a very long word', 'Donaudampfschifffahrtsgesellschaftskapitänswitwe'.repeat(40), true],
    ['astral and CJK text', '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐 田中さんにあげて下さい 𠜎𠜱𠝹', true],
    ['HTML entities', '&lt;script&gt; &amp; &#x3C;img src=x onerror=alert(1)&#x3E; &quot;', false],
    ['template and format strings', '${7*7} {{7*7}} %s%s%n <%= 7*7 %> #{7*7}', false],
    ['Unicode line and paragraph separators', 'line\u2028separator\u2029paragraph', true],
  ];
  for (const [name, source, isLiteral] of strings) {
    it(name, async () => {
      const { row, html, created } = await roundTrip(source);
      // The template probe repeats `7*7` enough for the spam heuristics' "repeated text": it may be
      // held, but it is still stored as sent and rendered safely.
      if (name !== 'template and format strings') expect(created.status).toBe('approved');
      expect(row.bodyMd).toBe(source);
      expectOnlyAllowlisted(html);
      expect(html).not.toMatch(/<img|<script/);
      if (isLiteral) {
        const plain = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
        expect(plain).toBe(source);
      }
    });
  }

  it('a name with an RTL override and emoji comes back as given', async () => {
    const name = 'Ann \u202Eeva 👩🏽‍💻';
    const { name: shown, row } = await roundTrip('a comment by a tricky name', name);
    expect(shown).toBe(name);
    expect(row.authorName).toBe(name);
  });
});
