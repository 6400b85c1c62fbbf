import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.ts';
import { WidgetFiles, type WidgetBuild } from '../../server/routes/static.ts';
import { WIDGET_AIM } from '../bench/budgets.ts';
import { ensureWidgetBuilt } from '../helpers/server.ts';

/**
 * The built reader bundle (widget/dist and its manifest), not timing: what a reader downloads before
 * the thread shows, and what waits for first use.
 */
type Chunk = { file: string; name?: string; imports?: string[]; dynamicImports?: string[]; isDynamicEntry?: boolean };

/** Sources that must stay out of the initial download, fetched on first need. */
const LAZY = [
  'components/parley-form.ts', // the form, its Markdown toolbar and preview: the compose box's first focus, Reply, Edit
  'components/parley-flag.ts', // the Report menu
  'components/parley-subscribe.ts', // the Subscribe menu
  'inline/parley-inline.ts', // inline feedback
  'thread-actions.ts', // the store's writes and live updates: after the first paint, or on the first write
  'i18n/ru.ts',
  'i18n/ar.ts',
];

let build: WidgetBuild;
let manifest: Record<string, Chunk>;
beforeAll(() => {
  ensureWidgetBuilt();
  const dist = defaultConfig().widgetDist;
  build = new WidgetFiles(dist).get()!;
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
});

/**
 * The manifest key of the chunk that holds `source`: its own key, or, for a chunk that lazy parts
 * share (the form is also imported by inline feedback), the `_name-hash.js` key of that name.
 */
const keyOf = (source: string): string | undefined =>
  manifest[source] ? source : Object.keys(manifest).find((k) => k.startsWith('_') && manifest[k]!.name === source.replace(/^.*\//, '').replace(/\.ts$/, ''));

const gzipOf = (file: string) => build.assets.get(file.replace(/^assets\//, ''))!.gzip.length;

describe('the reader bundle as built', () => {
  it(`the JavaScript before the thread shows (entry and static imports, Lit included) is at most ${WIDGET_AIM} B gzip, issue 16's aim`, () => {
    const initial = build.entryFiles('widget');
    expect(initial.length).toBeGreaterThan(0);
    const bytes = initial.reduce((n, f) => n + gzipOf(f), 0);
    expect(bytes, `initial files: ${initial.map((f) => `${f} ${gzipOf(f)} B`).join(', ')}`).toBeLessThanOrEqual(WIDGET_AIM);
  });

  it("the reader's files carry lit-html only: no ReactiveElement or LitElement (the admin view's own copy has them)", () => {
    const reader = [...build.assets.keys()].filter((f) => f.endsWith('.js') && !f.startsWith('admin-'));
    expect(reader.length).toBeGreaterThan(1);
    for (const f of reader) {
      const code = build.assets.get(f)!.body.toString();
      expect(code, f).not.toMatch(/reactiveElementVersions|litElementVersions/);
    }
  });

  it('the form, the menus, inline feedback and other locales are lazy chunks that nothing initial imports statically', () => {
    const initial = new Set(build.entryFiles('widget'));
    const entry = Object.values(manifest).find((c) => c.file === build.entryUrl('widget')!.slice(1))!;
    for (const source of LAZY) {
      const chunk = manifest[keyOf(source) ?? source];
      expect(chunk, source).toBeDefined();
      expect(chunk!.isDynamicEntry, source).toBe(true);
      expect(initial.has(chunk!.file), `${source} is in the initial download`).toBe(false);
    }
    // Reachable from the entry only by import(): every lazy source is somewhere below its dynamic imports.
    const reachable = new Set<string>();
    const walk = (keys: string[] = []) => {
      for (const key of keys) if (!reachable.has(key)) (reachable.add(key), walk(manifest[key]?.imports), walk(manifest[key]?.dynamicImports));
    };
    walk(entry.dynamicImports);
    for (const source of LAZY) expect(reachable.has(keyOf(source)!), source).toBe(true);
  });
});
