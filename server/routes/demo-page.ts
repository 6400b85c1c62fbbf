import { Hono } from 'hono';
import { DEMO_CSS, demoArticle, LANGS, THEMES } from './demo-article.ts';
import { strictCsp } from './strict-csp.ts';

// Strict: only our own scripts and API; the inline article style is allowed by its hash alone.
const CSP = strictCsp(DEMO_CSS, { formAction: "'none'" });

const pick = <T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** `/`: the demo article; `?lang=ru|ar` and `?theme=dark|light` show the widget's other faces. */
export function demoPageRoutes() {
  return new Hono().get('/', (c) => {
    const html = demoArticle(pick(LANGS, c.req.query('lang'), 'en'), pick(THEMES, c.req.query('theme'), 'auto'));
    return c.html(html, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
  });
}
