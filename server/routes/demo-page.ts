import { Hono } from 'hono';
import type { Services } from '../services/context.ts';
import { signDemoUser } from '../services/readers/sso.ts';
import { DEMO_CSS, demoArticle, LANGS, THEMES } from './demo-article.ts';
import { strictCsp } from './strict-csp.ts';
import { describe } from './openapi/describe.ts';

// Strict: only our own scripts and API; the inline article style is allowed by its hash alone.
const CSP = strictCsp(DEMO_CSS, { formAction: "'none'" });

const pick = <T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/**
 * `/`: the demo article; `?lang=ru|ar` and `?theme=dark|light` show the widget's other faces;
 * `?sso=1` signs a demo user in, as a site's own backend would (the value is base64url and a dot,
 * nothing to escape in an attribute).
 */
export function demoPageRoutes(services: Services) {
  return new Hono().get('/', describe({ summary: 'The demo article with the widget', tag: 'pages', responses: { 200: { description: 'HTML', type: 'text/html' } } }), async (c) => {
    let html = demoArticle(pick(LANGS, c.req.query('lang'), 'en'), pick(THEMES, c.req.query('theme'), 'auto'));
    const sso = c.req.query('sso') === '1' ? await signDemoUser(services) : null;
    if (sso) html = html.replace('<script src="/embed.js" data-site="demo"', `<script src="/embed.js" data-site="demo" data-sso="${sso}"`);
    // A page with a signed-in user is that visitor's alone: no shared cache may keep it.
    return c.html(html, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': sso ? 'private, no-store' : 'no-cache' });
  });
}
