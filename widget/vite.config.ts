import { defineConfig } from 'vite';

const root = new URL('.', import.meta.url).pathname;

/**
 * Entry points of the browser bundles. `embed` must stay free of Lit (it is the tiny loader);
 * every other entry may share the Lit chunk. Add an entry here and it is hashed, listed in the
 * manifest and served by server/routes/static.ts.
 */
export const entries: Record<string, string> = {
  embed: `${root}embed.ts`,
  widget: `${root}parley-comments.ts`,
  admin: `${root}admin/parley-admin.ts`,
};

export default defineConfig({
  root,
  publicDir: false,
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
