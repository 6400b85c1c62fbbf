import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { Services } from '../services/context.ts';
import { describe } from './openapi/describe.ts';

type ManifestEntry = { file: string; name?: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
type Asset = { body: Buffer; gzip: Buffer; br: Buffer; type: string; etag: string };
export type WidgetBuild = {
  /** `/assets/<hashed>.js` of an entry named in widget/vite.config.ts (`widget`, `admin`, …). */
  entryUrl(name: string): string | undefined;
  /** The entry's file and every chunk it imports statically: what a browser downloads for it. */
  entryFiles(name: string): string[];
  embed: Asset;
  /** `count.js` for article lists (a classic script, no imports), at a stable URL like embed.js. */
  count: Asset | null;
  assets: Map<string, Asset>;
};

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

// Static files are compressed once at load, at the highest levels: every request after is a lookup.
function toAsset(body: Buffer, type: string): Asset {
  return {
    body,
    type,
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

/**
 * Reads Vite's output (manifest and hashed files) and re-reads it when the manifest changes, so a
 * rebuild needs no restart. `null` while nothing is built.
 */
export class WidgetFiles {
  #cache: { mtimeMs: number; build: WidgetBuild } | null = null;
  constructor(private readonly dist: string) {}

  get(): WidgetBuild | null {
    const manifestPath = join(this.dist, '.vite', 'manifest.json');
    if (!existsSync(manifestPath)) return null;
    const { mtimeMs } = statSync(manifestPath);
    if (this.#cache?.mtimeMs === mtimeMs) return this.#cache.build;
    try {
      const build = this.#load(manifestPath);
      this.#cache = { mtimeMs, build };
      return build;
    } catch {
      return null; // a build in progress: the next request tries again
    }
  }

  #load(manifestPath: string): WidgetBuild {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
    const byName = new Map(Object.values(manifest).filter((e) => e.isEntry && e.name).map((e) => [e.name!, e]));
    const assets = new Map<string, Asset>();
    const dir = join(this.dist, 'assets');
    for (const name of readdirSync(dir)) {
      const type = TYPES[name.split('.').pop() ?? ''];
      if (type) assets.set(name, toAsset(readFileSync(join(dir, name)), type));
    }
    const widget = byName.get('widget');
    const embedEntry = byName.get('embed');
    if (!widget || !embedEntry) throw new Error('manifest without widget or embed entry');
    // The loader learns the hashed bundle's path here, so embed.js itself can be short-cached.
    const source = readFileSync(join(this.dist, embedEntry.file), 'utf8').replaceAll('__PARLEY_BUNDLE__', JSON.stringify(`/${widget.file}`));
    const entryFiles = (name: string): string[] => {
      const entry = byName.get(name);
      if (!entry) return [];
      const seen = new Set<string>([entry.file]);
      const walk = (keys: string[] = []) => {
        for (const key of keys) {
          const chunk = manifest[key];
          if (chunk && !seen.has(chunk.file)) {
            seen.add(chunk.file);
            walk(chunk.imports);
          }
        }
      };
      walk(entry.imports);
      return [...seen];
    };
    return {
      entryUrl: (name) => (byName.get(name) ? `/${byName.get(name)!.file}` : undefined),
      entryFiles,
      embed: toAsset(Buffer.from(source), TYPES.js!),
      count: byName.get('count') ? toAsset(readFileSync(join(this.dist, byName.get('count')!.file)), TYPES.js!) : null,
      assets,
    };
  }
}

const notBuilt = () => new AppError('unavailable', 'The widget is not built: run `npm run build` (npm start and npm test do it)');

function send(c: Context, asset: Asset, cacheControl: string) {
  const headers: Record<string, string> = {
    'Content-Type': asset.type,
    'Cache-Control': cacheControl,
    ETag: asset.etag,
    Vary: 'Accept-Encoding',
    // The loader and the bundle are fetched by host pages on other origins (module scripts need CORS).
    'Access-Control-Allow-Origin': '*',
  };
  if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
  const accepts = c.req.header('accept-encoding') ?? '';
  const [body, encoding] = /\bbr\b/.test(accepts) ? [asset.br, 'br'] : /\bgzip\b/.test(accepts) ? [asset.gzip, 'gzip'] : [asset.body, null];
  if (encoding) headers['Content-Encoding'] = encoding;
  return c.body(new Uint8Array(body), 200, headers);
}

/**
 * `/embed.js` (short cache: it names the current bundle), `/count.js` (short cache, stable URL for
 * site templates; also under its hashed name) and `/assets/*` (hashed, immutable).
 */
export function staticRoutes(services: Services, files = new WidgetFiles(services.config.widgetDist)) {
  return new Hono()
    .get('/embed.js', describe({ summary: 'The loader script a site adds to its article template', tag: 'files', responses: { 200: { description: 'JavaScript', type: 'text/javascript' }, 304: 'Not modified' } }), (c) => {
      const build = files.get();
      if (!build) throw notBuilt();
      return send(c, build.embed, 'public, max-age=300');
    })
    .get('/count.js', describe({ summary: 'Comment counts for article lists: fills [data-parley-count]', tag: 'files', responses: { 200: { description: 'JavaScript', type: 'text/javascript' }, 304: 'Not modified' } }), (c) => {
      const build = files.get();
      if (!build) throw notBuilt();
      if (!build.count) throw new AppError('not_found', 'No such file');
      return send(c, build.count, 'public, max-age=300');
    })
    .get('/assets/:file', describe({ summary: 'A hashed, immutable widget file', tag: 'files', responses: { 200: { description: 'The file', type: 'application/octet-stream' }, 304: 'Not modified' }, errors: ['not_found', 'unavailable'] }), (c) => {
      const name = c.req.param('file');
      const build = files.get();
      if (!build) throw notBuilt();
      const asset = /^[\w.-]{1,200}$/.test(name) ? build.assets.get(name) : undefined;
      if (!asset) throw new AppError('not_found', 'No such file');
      return send(c, asset, 'public, max-age=31536000, immutable');
    });
}
