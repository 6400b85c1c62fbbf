import { transform } from 'lightningcss';
import ts from 'typescript';
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
 * esbuild minifies code but not the CSS inside Lit's css`` literals: lightningcss does, as a CSS
 * parser (not regular expressions), so selectors and strings keep their meaning. An interpolation
 * (`${darkTokens}`) stands in as a custom property while minifying; a bare declaration list is
 * minified inside a `:host{}` wrapper. A literal lightningcss cannot parse is left as written.
 */
const minifyLitCss = (): Plugin => ({
  name: 'parley-minify-lit-css',
  enforce: 'pre',
  transform(code, id) {
    if (!id.startsWith(root) || !id.endsWith('.ts') || !code.includes('css`')) return null;
    const out = code.replace(/\bcss`([^`]*)`/g, (literal, body: string) => {
      const holes: string[] = [];
      const css = body.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => `--parley-hole-${holes.push(expr) - 1}:0;`);
      const isDeclarations = !css.includes('{');
      try {
        const { code: min } = transform({
          filename: `${id}.css`,
          code: Buffer.from(isDeclarations ? `:host{${css}}` : css),
          minify: true,
        });
        let text = min.toString();
        if (isDeclarations) text = text.slice(':host{'.length, -1);
        text = text.replace(/--parley-hole-(\d+):0;?/g, (_m, i: string) => `\${${holes[Number(i)]}}`);
        // Every hole must come back, or the literal is kept as it was.
        return holes.every((h) => text.includes(`\${${h}}`)) && !text.includes('`') ? `css\`${text}\`` : literal;
      } catch {
        return literal;
      }
    });
    return { code: out, map: null };
  },
});

/**
 * esbuild keeps the indentation inside Lit's html`` and svg`` templates. A run of whitespace that
 * holds a line break renders exactly as one space (no template here is `white-space: pre`), so it
 * becomes one. The TypeScript parser finds the templates' static text; expressions are untouched.
 */
const minifyLitHtml = (): Plugin => ({
  name: 'parley-minify-lit-html',
  enforce: 'pre',
  transform(code, id) {
    if (!id.startsWith(root) || !id.endsWith('.ts') || !/\b(html|svg)`/.test(code)) return null;
    const file = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
    const edits: { start: number; end: number; text: string }[] = [];
    const collapse = (node: ts.Node, from: number, to: number) => {
      const start = node.getStart(file) + from;
      const end = node.getEnd() - to;
      edits.push({ start, end, text: code.slice(start, end).replace(/\s*\n\s*/g, ' ') });
    };
    const visit = (node: ts.Node) => {
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
        const t = node.template;
        if (ts.isNoSubstitutionTemplateLiteral(t)) collapse(t, 1, 1);
        else {
          collapse(t.head, 1, 2);
          t.templateSpans.forEach((span) => collapse(span.literal, 1, ts.isTemplateTail(span.literal) ? 1 : 2));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    let out = code;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return { code: out, map: null };
  },
});

/**
 * The reader widget and the admin view share a few small modules in source (the HTTP core, the
 * visually-hidden class) but never run on one page: each bundle gets its own copy. Shared, the
 * HTTP core was a third chunk (or rode in Lit's), where it compressed worse and cost the reader
 * ~0.5 KB gzip more than inside the widget's own chunk.
 */
const PER_BUNDLE = new Set(['../http.ts', '../styles/visually-hidden.ts']);
const isLit = (source: string) => /^(lit|lit-html|lit-element|@lit\/reactive-element)(\/|$)/.test(source);
const copyPerBundle = (): Plugin => ({
  name: 'parley-copy-per-bundle',
  enforce: 'pre',
  async resolveId(source, importer) {
    if (!importer) return null;
    const isAdmin = importer.startsWith(`${root}admin/`) || importer.endsWith('?admin');
    if (!isAdmin) return null;
    if (importer.startsWith(`${root}admin/`) && PER_BUNDLE.has(source)) return `${new URL(source, `file://${importer}`).pathname}?admin`;
    // Lit too: the reader's copy rides in the reader's own chunk, where it compresses with the rest.
    // And whatever an admin copy imports (visually-hidden.ts's `css` tag, Lit's own modules).
    if (isLit(source) || (importer.endsWith('?admin') && source.startsWith('.'))) {
      const resolved = await this.resolve(source, importer.replace(/\?admin$/, ''), { skipSelf: true });
      return resolved ? `${resolved.id}?admin` : null;
    }
    return null;
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
  plugins: [minifyLitCss(), minifyLitHtml(), copyPerBundle(), plainDynamicImport()],
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
    // terser (two passes) over esbuild's minifier: 217 B less gzip on the reader's first download,
    // which has 15 KB to fit in (tests/widget/widget-bundle.test.ts); a slower build, same output.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 }, format: { comments: false } },
    modulePreload: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: entries,
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
      },
    },
  },
  esbuild: { legalComments: 'none' },
});
