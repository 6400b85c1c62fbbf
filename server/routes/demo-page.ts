import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { DEMO_CSS, demoArticle, LANGS, THEMES } from './demo-article.ts';

const styleHash = createHash('sha256').update(DEMO_CSS).digest('base64');

// Strict: only our own scripts and API; the inline article style is allowed by its hash alone.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src 'self' 'sha256-${styleHash}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const pick = <T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** `/`: the demo article; `?lang=ru|ar` and `?theme=dark|light` show the widget's other faces. */
export function demoPageRoutes() {
  return new Hono().get('/', (c) => {
    const html = demoArticle(pick(LANGS, c.req.query('lang'), 'en'), pick(THEMES, c.req.query('theme'), 'auto'));
    return c.html(html, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' });
  });
}
