/**
 * The one script a site adds: `<script src=".../embed.js" data-site="news" async></script>`.
 * It replaces the page's old comment section with `<parley-comments>` and loads the widget bundle.
 * No Lit, no imports: it must stay under 2 KB gzip and run as a classic script.
 */

// Replaced by the server with the hashed bundle path from the Vite manifest (server/routes/static.ts).
declare const __PARLEY_BUNDLE__: string;

// Wrapped in an IIFE: a classic script's top-level names would be globals on the host page.
(() => {
  performance.mark?.('parley:embed');
  const script = (document.currentScript ??
    document.querySelector('script[src*="embed.js"][data-site]')) as HTMLScriptElement | null;
  if (!script) return;
  const data = script.dataset;
  const bundle = new URL(__PARLEY_BUNDLE__, script.src).href;
  const page = data.page || location.pathname;
  // The thread's first page is asked for now, while the widget bundle downloads and starts: the
  // widget's first read takes this answer (widget/http.ts `Http.early`) instead of asking again.
  // The URL and options are exactly those of that read (widget/api-client.ts, thread-store.ts).
  const firstUrl = `${new URL('api/v1/', script.src).href}threads?${new URLSearchParams({ site: data.site ?? '', page, sort: 'oldest', limit: '20' })}`;
  const firstPage = fetch(firstUrl, { cache: 'no-store', credentials: 'omit' });
  firstPage.catch(() => {}); // a failure is the widget's to report, when it reads this answer

  const mount = () => {
    const target = data.target ? document.querySelector(data.target) : document.querySelector('#comments');
    const el = document.createElement('parley-comments');
    el.setAttribute('site', data.site ?? '');
    el.setAttribute('page', page);
    (el as { early?: unknown }).early = [firstUrl, firstPage];
    el.setAttribute('api', new URL('/', script.src).href);
    for (const name of ['locale', 'theme', 'sso', 'article'] as const) {
      const value = data[name];
      if (value) el.setAttribute(name, value);
    }
    if (target) {
      // Keep the id, so links to #comments still land on the comment section.
      if (target.id) el.id = target.id;
      target.replaceWith(el);
    } else {
      script.after(el);
    }
    import(/* @vite-ignore */ bundle).catch((e) => console.error('Parley: the widget failed to load', e));
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
})();
