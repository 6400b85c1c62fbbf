import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A hand-made Vite output, so this file needs no build: what matters is what /admin makes of it.
function fakeBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dist-'));
  mkdirSync(join(dist, '.vite'));
  mkdirSync(join(dist, 'assets'));
  const manifest = {
    '_lit-abc.js': { file: 'assets/lit-abc.js', name: 'lit' },
    'admin/parley-admin.ts': { file: 'assets/admin-123.js', name: 'admin', src: 'admin/parley-admin.ts', isEntry: true, imports: ['_lit-abc.js'] },
    'parley-comments.ts': { file: 'assets/widget-456.js', name: 'widget', isEntry: true, imports: ['_lit-abc.js'] },
    'embed.ts': { file: 'assets/embed-789.js', name: 'embed', isEntry: true },
  };
  writeFileSync(join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
  for (const file of ['lit-abc.js', 'admin-123.js', 'widget-456.js', 'embed-789.js']) writeFileSync(join(dist, 'assets', file), 'export {};');
  return dist;
}

let database: TestDatabase;
let app: ParleyApp;
let dist: string;
beforeAll(async () => {
  dist = fakeBuild();
  database = await createTestDatabase();
  app = createApp({ database, config: { publicUrl: 'http://parley.test', widgetDist: dist } });
  await app.ready;
});
afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('GET /admin', () => {
  it('serves the shell that loads the hashed admin bundle, its Lit chunk preloaded', async () => {
    const res = await app.request('/admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/admin-123.js"></script>');
    expect(html).toContain('<link rel="modulepreload" href="/assets/lit-abc.js">');
    expect(html).toContain('<parley-admin locale="en"></parley-admin>');
    expect(html).not.toContain('widget-456');
  });

  it('sends a strict CSP: own scripts only, no inline script, one hashed style, no framing', async () => {
    const res = await app.request('/admin');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('speaks the first language the browser accepts that the admin view knows', async () => {
    const ru = await (await app.request('/admin', { headers: { 'accept-language': 'de-DE;q=0.9, ru;q=0.8, en;q=0.5' } })).text();
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('<parley-admin locale="ru">');
    const other = await (await app.request('/admin', { headers: { 'accept-language': 'fr-FR, fr;q=0.9' } })).text();
    expect(other).toContain('<html lang="en">');
  });

  it('redirects /admin/ to /admin', async () => {
    const res = await app.request('/admin/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/admin');
  });

  it('answers 503 with a clear message when nothing is built', async () => {
    const bare = createApp({ database, config: { publicUrl: 'http://parley.test', widgetDist: join(dist, 'missing') } });
    const res = await bare.request('/admin');
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toContain('npm run build');
    await bare.close();
  });
});
