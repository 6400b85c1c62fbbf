import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docOf } from '../../server/routes/openapi/describe.ts';
import { renderMarkdown, sanitizeCommentHtml } from '../../server/services/comments/render-markdown.ts';
import { fromSchema, hostileRawBody, hostileString, hostileStrings } from '../helpers/arbitraries.ts';
import { client, createTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { createModerator, signIn, type SignedIn } from '../helpers/admin.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { bulkSettings } from '../helpers/rows.ts';

/**
 * Property tests (fast-check, fixed seed): requests generated from each JSON route's own zod
 * contract (the schema its `describe()` names), with hostile values mixed in at every level, are
 * answered with JSON 2xx or 4xx, never a 5xx, and a 4xx changes no row. Then the renderer: whatever
 * Markdown or HTML goes in, what comes out holds only the allowlisted elements, attributes and
 * URL schemes. The JSON routes are found in the app's route table, so a new one is covered.
 */

/** Fixed, so CI is repeatable; set PARLEY_PROPERTY_SEED / _RUNS locally to explore further. */
const SEED = Number(process.env.PARLEY_PROPERTY_SEED ?? 20_261_202);
/** Generated requests per JSON route (× 2 databases in `npm test`). */
const RUNS_PER_ROUTE = Number(process.env.PARLEY_PROPERTY_RUNS ?? 20);
const RENDER_RUNS = 300;

let t: TestApp;
let admin: SignedIn;
let token: string;
let ids: { own: number; other: number; moderator: number };

beforeAll(async () => {
  t = await createTestApp({ settings: { ...bulkSettings, linkLimit: 100 }, outbox: false });
  await createModerator(t.app, { email: 'admin@parley.test', role: 'admin' });
  const target = await createModerator(t.app, { email: 'target@parley.test', sites: ['demo'] });
  admin = await signIn(t.app, 'admin@parley.test');
  const api = client(t.app);
  token = await api.reader();
  const own = (await api.comment(token, { page: '/property', body: 'mine' })).body.comment.id as number;
  const other = (await api.comment(await api.reader(), { page: '/property', body: 'theirs' })).body.comment.id as number;
  ids = { own, other, moderator: target.moderator.id };
}, 120_000);
afterAll(() => t.close());

type Route = { method: string; path: string; body: NonNullable<ReturnType<typeof docOf>>['body'] & object; auth: string | undefined };

/** Every route whose handler takes a JSON body, from the app's own route table. */
function jsonRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of t.app.routes) {
    const doc = docOf(r.handler);
    if (!doc?.body || r.method === 'ALL') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path, body: doc.body, auth: doc.auth });
  }
  // Public routes first: an admin route may end the reader the public ones use (erase).
  return [...seen.values()].sort((a, b) => Number(a.path.includes('/admin/')) - Number(b.path.includes('/admin/')) || a.path.localeCompare(b.path));
}

/** Percent-encoded for a path; a lone surrogate has no UTF-8, so it goes as the invalid bytes of one. */
const pathSafe = (s: string) => s.replace(/[\uD800-\uDFFF]/g, '\u0000').split('\u0000').map(encodeURIComponent).join('%ED%A0%80');

/** Path parameters: usually a real one, sometimes a hostile one. */
function paramArb(route: Route, name: string): fc.Arbitrary<string> {
  const real =
    name === 'site' ? 'demo'
    : route.path.includes('/moderators/') ? String(ids.moderator)
    : route.path.includes('/comments/') && route.path.includes('/admin/') ? String(ids.other)
    : String(route.method === 'PATCH' ? ids.own : ids.other);
  return fc.oneof({ arbitrary: fc.constant(real), weight: 4 }, { arbitrary: fc.constantFrom('0', '-1', '99999999', '1e3', 'abc', '%00', '9007199254740993'), weight: 1 }, { arbitrary: hostileString.map(pathSafe), weight: 1 });
}

function headersFor(route: Route): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: PUBLIC_URL };
  if (route.path.startsWith('/api/v1/admin/')) {
    headers['x-parley-csrf'] = route.auth === 'admin' ? admin.session.csrf! : 'login';
    if (route.auth === 'admin') headers.cookie = admin.session.cookie!;
  } else if (route.auth === 'reader' || route.auth === 'reader-optional') {
    headers.authorization = `Bearer ${token}`;
  }
  return headers;
}

/** A fingerprint of every table; throttling counters may count a refused request, so they are left out. */
async function fingerprint() {
  const { rate_limits: _counters, ...rest } = await databaseFingerprint(t.database);
  return rest;
}

/** Answers per route, by class: shows the generated requests reach the handlers, not only validation. */
const tally = new Map<string, Record<string, number>>();

async function checkOne(route: Route, params: Record<string, string>, body: string): Promise<void> {
  const path = route.path.replace(/:([a-z]+)/gi, (_, n: string) => params[n] ?? '');
  const before = await fingerprint();
  const res = await t.app.request(path, { method: route.method, headers: headersFor(route), body });
  const text = await res.text();
  const counts = tally.get(`${route.method} ${route.path}`) ?? {};
  const kind = res.status < 300 ? '2xx' : res.status === 422 ? '422' : `${res.status}`;
  counts[kind] = (counts[kind] ?? 0) + 1;
  tally.set(`${route.method} ${route.path}`, counts);
  const label = `${route.method} ${route.path} (${path.slice(0, 80)}) body ${JSON.stringify(body.slice(0, 200))}`;
  expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (text) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
    const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
    if (res.status >= 400) {
      expect(typeof json.error?.code, `${label}: ${text.slice(0, 300)}`).toBe('string');
      expect(typeof json.error?.message, label).toBe('string');
      if (json.error?.field !== undefined) expect(typeof json.error.field, label).toBe('string');
    }
  }
  if (res.status >= 400) expect(await fingerprint(), `${label}: a ${res.status} changed rows`).toEqual(before);
}

describe('generated requests to every JSON route, from its zod contract and hostile values', () => {
  it('finds the JSON routes in the route table', () => {
    const routes = jsonRoutes().map((r) => `${r.method} ${r.path}`);
    console.info(`properties: ${routes.length} JSON routes × ${RUNS_PER_ROUTE} runs (seed ${SEED})`);
    expect(routes).toContain('POST /api/v1/comments');
    expect(routes).toContain('PUT /api/v1/admin/sites/:site/settings');
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it('never a 5xx, always JSON in the error shape, and a 4xx changes no row', async () => {
    for (const route of jsonRoutes()) {
      const names = [...route.path.matchAll(/:([a-z]+)/gi)].map((m) => m[1]!);
      const params = fc.record(Object.fromEntries(names.map((n) => [n, paramArb(route, n)])));
      const body = fc.oneof({ arbitrary: fromSchema(route.body).map((v) => JSON.stringify(v) ?? 'null'), weight: 9 }, { arbitrary: hostileRawBody, weight: 1 });
      await fc.assert(
        fc.asyncProperty(params, body, (p, b) => checkOne(route, p as Record<string, string>, b)),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    console.info([...tally].map(([r, c]) => `${r}: ${JSON.stringify(c)}`).join('\n'));
    // The generators reach the handlers, not only validation: most routes answered a 2xx at least once.
    expect([...tally.values()].filter((c) => c['2xx']).length).toBeGreaterThanOrEqual(15);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  }, 240_000);
});

// ---- The renderer ---------------------------------------------------------------------------------

const TAGS: Record<string, string[]> = {
  p: [], br: [], a: ['href', 'rel', 'target'], strong: [], em: [], del: [], code: [], pre: [], blockquote: [], ul: [], ol: ['start'], li: [],
};
const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** Everything in `html` outside the allowlist: elements, attributes, href schemes (relative hrefs too). */
function outsideAllowlist(html: string): string[] {
  const problems: string[] = [];
  for (const [, slash, name, rest] of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = name!.toLowerCase();
    if (!(tag in TAGS)) {
      problems.push(`element <${tag}>`);
      continue;
    }
    if (slash) continue;
    for (const [, attr, , dq, sq, bare] of rest!.matchAll(/([^\s=/]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const a = attr!.toLowerCase();
      if (!TAGS[tag]!.includes(a)) problems.push(`attribute ${a} on <${tag}>`);
      if (a === 'href') {
        const href = decode(dq ?? sq ?? bare ?? '').replace(/[\u0000-\u0020]/g, '');
        if (!/^(https?:\/\/[^/]|mailto:)/i.test(href)) problems.push(`href ${JSON.stringify(href)}`);
      }
    }
  }
  return problems;
}

const scheme = fc.constantFrom(
  'https://example.com/x', 'http://example.com', 'mailto:a@b.c', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)',
  'jav&#x61;script:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd',
  '//evil.example', '/account/delete', 'plaintext', '?q=1', '#top', ' javascript:alert(1)', 'https:evil', 'https:/evil', 'ftp://example.com',
);
const text = fc.oneof(fc.string({ maxLength: 12 }), hostileString.filter((s) => s.length < 200));
const markdownPiece = fc.oneof(
  fc.tuple(text, scheme).map(([t, s]) => `[${t}](${s})`),
  fc.tuple(text, scheme).map(([t, s]) => `[${t}](${s} "title")`),
  scheme.map((s) => `<${s}>`),
  scheme,
  fc.tuple(text, scheme).map(([t, s]) => `[${t}][r]\n\n[r]: ${s}`),
  fc.tuple(scheme, text).map(([s, t]) => `![${t}](${s})`),
  fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<iframe src="//evil">', '<svg onload=alert(1)>', '<style>*{}</style>', '<b onclick="x">b</b>'),
  text.map((t) => `**${t}**`),
  text.map((t) => `\`${t}\``),
  text.map((t) => `> ${t}`),
  text.map((t) => `- ${t}\n- ${t}`),
  text.map((t) => `5. ${t}`),
  text.map((t) => `# ${t}`),
  text.map((t) => `| ${t} |\n|---|\n| x |`),
  fc.constant('\n\n'),
  text,
);
const generatedMarkdown = fc.array(markdownPiece, { maxLength: 8 }).map((parts) => parts.join(' '));

const attrValue = fc.oneof(scheme, hostileString.filter((s) => s.length < 100), fc.constantFrom('alert(1)', 'x" onmouseover="alert(1)', '5'));
const htmlElement = fc
  .tuple(
    fc.constantFrom('a', 'p', 'b', 'i', 's', 'img', 'script', 'iframe', 'svg', 'math', 'style', 'form', 'input', 'div', 'span', 'ol', 'li', 'object', 'base', 'meta', 'link', 'A', 'ScRiPt'),
    fc.array(fc.tuple(fc.constantFrom('href', 'src', 'onerror', 'onclick', 'style', 'class', 'id', 'start', 'target', 'rel', 'formaction', 'xlink:href', 'srcdoc', 'HREF'), attrValue), { maxLength: 3 }),
    text,
  )
  .map(([tag, attrs, inner]) => `<${tag} ${attrs.map(([k, v]) => `${k}="${v.replace(/"/g, '&quot;')}"`).join(' ')}>${inner}</${tag}>`);
const generatedHtml = fc.array(fc.oneof(htmlElement, text, fc.constantFrom('<!-- x -->', '<![CDATA[x]]>', '<a href=javascript:alert(1)>x', '</p><script>', '<p><a href="https://ok.example">ok</a></p>')), { maxLength: 6 }).map((p) => p.join(''));

describe('the renderer, for generated Markdown and HTML', () => {
  it('Markdown: the output holds only allowlisted elements, attributes and absolute http(s)/mailto links', () => {
    fc.assert(
      fc.property(generatedMarkdown, (source) => {
        const { html, linkCount } = renderMarkdown(source);
        expect(outsideAllowlist(html), `${JSON.stringify(source)} → ${html}`).toEqual([]);
        expect(linkCount).toBe((html.match(/<a /g) ?? []).length);
      }),
      { seed: SEED, numRuns: RENDER_RUNS },
    );
  });

  it('HTML (imported comments): the same allowlist holds', () => {
    fc.assert(
      fc.property(generatedHtml, (source) => {
        const html = sanitizeCommentHtml(source);
        expect(outsideAllowlist(html), `${JSON.stringify(source)} → ${html}`).toEqual([]);
      }),
      { seed: SEED, numRuns: RENDER_RUNS },
    );
  });

  it('every hostile string class survives rendering as text, never as markup', () => {
    for (const [name, arb] of Object.entries(hostileStrings)) {
      fc.assert(
        fc.property(arb, (s) => {
          expect(outsideAllowlist(renderMarkdown(s).html), name).toEqual([]);
        }),
        { seed: SEED, numRuns: 30 },
      );
    }
  });
});
