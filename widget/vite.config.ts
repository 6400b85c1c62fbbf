import { defineConfig, type Plugin } from 'vite';
import { ar } from './i18n/ar.ts';
import { en } from './i18n/en.ts';
import { ru } from './i18n/ru.ts';

const root = new URL('.', import.meta.url).pathname;

/**
 * Entry points of the browser bundles. `embed` must stay free of Lit (it is the tiny loader);
 * every other entry may share the Lit chunk. Add an entry here and it is hashed, listed in the
 * manifest and served by server/routes/static.ts.
 */
export const entries: Record<string, string> = {
  embed: `${root}embed.ts`,
  // count.js for article lists: like embed, a classic script with no imports.
  count: `${root}count.ts`,
  widget: `${root}parley-comments.ts`,
  admin: `${root}admin/parley-admin.ts`,
};

/**
 * esbuild minifies code but not the CSS inside Lit's css`` literals. Collapsing that whitespace
 * (never removing it between selectors, so `.body :first-child` keeps its meaning) saved ~0.5 KB gzip.
 */
const minifyLitCss = (): Plugin => ({
  name: 'parley-minify-lit-css',
  enforce: 'pre',
  transform(code, id) {
    if (!id.startsWith(root) || !id.endsWith('.ts') || !code.includes('css`')) return null;
    const out = code.replace(/\bcss`([^`$]*)`/g, (_, body: string) => {
      const min = body
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};])\s*/g, '$1')
        .replace(/;}/g, '}')
        // Inside innermost blocks (declarations only, no selectors): `a: b, c` → `a:b,c`, `0.5` → `.5`.
        .replace(/\{([^{}]*)\}/g, (_m, decl: string) => `{${decl.replace(/:\s+/g, ':').replace(/,\s+/g, ',').replace(/([\s:(,])0\.(\d)/g, '$1.$2')}}`)
        .trim();
      return `css\`${min}\``;
    });
    return { code: out, map: null };
  },
});

/**
 * Vite wraps every dynamic `import()` in a preload helper (~0.5 KB gzip) that injects
 * `<link rel=modulepreload>` and CSS. Our lazy chunks (locale tables) have no CSS and no deps, and
 * the host page's `<head>` is not ours to touch: a plain `import()` is all that is needed.
 */
const plainDynamicImport = (): Plugin => ({
  name: 'parley-plain-dynamic-import',
  enforce: 'pre',
  load(id) {
    if (id === '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
    return null;
  },
});

export default defineConfig({
  root,
  plugins: [minifyLitCss(), plainDynamicImport()],
  publicDir: false,
  // count.js takes the widget's "N Comments" words from the locale tables at build time, so it
  // shares no module (and so no chunk) with the widget.
  define: { __PARLEY_COUNT_FORMS__: JSON.stringify({ en: en.commentCount, ru: ru.commentCount, ar: ar.commentCount }) },
  logLevel: 'warn',
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    minify: 'esbuild',
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: entries,
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        // Lit gets its own chunk so the widget and the admin view share one cached copy.
        manualChunks: (id) => (id.includes('/node_modules/lit') || id.includes('/node_modules/@lit') ? 'lit' : undefined),
      },
    },
  },
  esbuild: { legalComments: 'none' },
});
