import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { Services } from '../services/context.ts';
import { WidgetFiles } from './static.ts';
import { strictCsp } from './strict-csp.ts';
import { describe } from './openapi/describe.ts';

// The page's only inline code: no margin around the view. (The empty data: icon spares a /favicon.ico 404.)
const PAGE_CSS = 'html,body{margin:0;min-height:100%}';
// Same origin only, nothing inline but the one hashed style.
const CSP = strictCsp(PAGE_CSS, { formAction: "'self'" });

// Locales the admin view speaks (widget/admin/i18n); the first the browser accepts wins.
const LOCALES = ['en', 'ru'] as const;

function pickLocale(acceptLanguage: string | undefined): (typeof LOCALES)[number] {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0 };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const w of wanted) {
    const hit = LOCALES.find((l) => l === w.base);
    if (hit) return hit;
  }
  return 'en';
}

const TITLES: Record<(typeof LOCALES)[number], string> = { en: 'Parley moderation', ru: 'Parley: модерация' };

/**
 * `/admin`: the HTML shell of `<parley-admin>`. The one-time sign-in link's token travels in the
 * fragment (`#login-token=`), which never reaches this server or its logs.
 */
export function adminPageRoutes(services: Services, files = new WidgetFiles(services.config.widgetDist)) {
  return new Hono()
    .get('/admin', describe({ summary: 'The moderators\' view', tag: 'pages', responses: { 200: { description: 'HTML', type: 'text/html' } } }), (c) => {
      const build = files.get();
      const entry = build?.entryUrl('admin');
      if (!build || !entry) throw new AppError('unavailable', 'The admin view is not built: run `npm run build` (npm start and npm test do it)');
      const preloads = build
        .entryFiles('admin')
        .slice(1)
        .map((file) => `<link rel="modulepreload" href="/${file}">`)
        .join('');
      const locale = pickLocale(c.req.header('accept-language'));
      const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${TITLES[locale]}</title><style>${PAGE_CSS}</style>${preloads}<script type="module" src="${entry}"></script></head><body><parley-admin locale="${locale}"></parley-admin></body></html>`;
      return c.html(html, 200, {
        'Content-Security-Policy': CSP,
        'Cache-Control': 'no-store',
        'X-Frame-Options': 'DENY',
      });
    })
    .get('/admin/', describe({ summary: 'Redirects to /admin', tag: 'pages', responses: { 301: 'Moved permanently' } }), (c) => c.redirect('/admin', 301));
}
