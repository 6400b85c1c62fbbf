/**
 * `count.js`: "N Comments" next to every headline of an article list.
 *   <a href="/news/story" data-parley-count></a>            (page key from the link's path)
 *   <span data-parley-count="/news/story"></span>            (page key given)
 *   <script src="https://comments.example.com/count.js" data-site="news" async></script>
 * One `GET /api/v1/counts` per 100 distinct pages, whatever the list's length. No Lit, no imports:
 * a classic script like embed.js. The words are the widget's own (`commentCount` in widget/i18n),
 * put here at build time by widget/vite.config.ts; the plural rules are the browser's `Intl`.
 */
import type { Plural } from './i18n/en.ts';

declare const __PARLEY_COUNT_FORMS__: Record<'en' | 'ru' | 'ar', Plural>;

// The server caps a request at 100 pages (CountsQuery in server/contract/comment.ts).
const CHUNK = 100;

(() => {
  const script = (document.currentScript ?? document.querySelector('script[src*="count.js"][data-site]')) as HTMLScriptElement | null;
  if (!script) return;
  const site = script.dataset.site ?? '';
  const api = new URL('/api/v1/counts', script.src);
  const forms = __PARLEY_COUNT_FORMS__;

  /** The page key: the attribute's value, else the link's path (as embed.js keys a page by its path). */
  const keyOf = (el: Element): string | null => {
    const given = el.getAttribute('data-parley-count');
    if (given) return given;
    const href = el.getAttribute('href');
    return href ? new URL(href, location.href).pathname : null;
  };

  /** The element's language: `data-locale` on the script, else the nearest `lang`, else the browser's. */
  const localeOf = (el: Element): keyof typeof forms => {
    for (const tag of [script.dataset.locale, el.closest('[lang]')?.getAttribute('lang'), ...navigator.languages]) {
      const base = tag?.toLowerCase().split('-')[0];
      if (base && base in forms) return base as keyof typeof forms;
    }
    return 'en';
  };

  const show = (el: Element, n: number) => {
    const locale = localeOf(el);
    const table = forms[locale];
    const text = table[new Intl.PluralRules(locale).select(n)] ?? table.other;
    el.textContent = text.replace('{n}', new Intl.NumberFormat(locale).format(n));
  };

  const run = () => {
    const byKey = new Map<string, Element[]>();
    for (const el of document.querySelectorAll('[data-parley-count]')) {
      const key = keyOf(el);
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), el]);
    }
    const keys = [...byKey.keys()];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const url = new URL(api);
      url.searchParams.set('site', site);
      for (const key of keys.slice(i, i + CHUNK)) url.searchParams.append('page', key);
      // The one fetch outside api-client.ts: this script must stay import-free (a classic script).
      fetch(url, { mode: 'cors', credentials: 'omit' })
        .then((res) => (res.ok ? (res.json() as Promise<{ counts: Record<string, number> }>) : Promise.reject(new Error(String(res.status)))))
        .then(({ counts }) => {
          for (const [key, n] of Object.entries(counts)) for (const el of byKey.get(key) ?? []) show(el, n);
        })
        .catch((e) => console.error('Parley: comment counts failed to load', e));
    }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
})();
