import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CommentView, ThreadPage } from '../../server/contract/comment.ts';
import { defaultConfig } from '../../server/config.ts';
import { WidgetFiles } from '../../server/routes/static.ts';
import { ensureWidgetBuilt } from '../helpers/server.ts';

/** The widget on a page of its own at a made-up origin; every request is answered here, none leaves. */
export const ORIGIN = 'http://widget.test';

export type ApiCall = { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body: unknown };
export type ApiAnswer = { status: number; body?: unknown; headers?: Record<string, string> };

export function fakeComment(id: number, fields: Partial<CommentView> = {}): CommentView {
  return {
    id,
    parentId: null,
    rootId: id,
    depth: 0,
    author: { name: `Reader ${id}`, isGuest: true, avatarSeed: `seed${id}` },
    bodyHtml: `<p>Comment ${id}</p>`,
    status: 'approved',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    upvotes: 0,
    downvotes: 0,
    score: 0,
    replyCount: 0,
    descendantCount: 0,
    isPinned: false,
    anchor: null,
    ...fields,
  };
}

export function fakeThread(comments: CommentView[], fields: Partial<ThreadPage> = {}): ThreadPage {
  return {
    page: { key: '/a', url: null, title: null, commentCount: comments.length, isLocked: false, isClosed: false },
    settings: { editWindowMinutes: 15, maxDepth: 5, maxBodyLength: 5000, maxNameLength: 50, requireEmail: false, language: 'en' },
    sort: 'oldest',
    hasInline: comments.some((c) => c.anchor),
    comments,
    nextCursor: null,
    ...fields,
  };
}

/**
 * Opens a page holding `<parley-comments>` with `attributes`, the built bundle, and `api` answering
 * every `/api/v1/*` call. Returns the page and the calls made, in order.
 */
export async function mountWidget(
  browser: Browser,
  options: { attributes?: Record<string, string>; lang?: string; head?: string; token?: string; api: (call: ApiCall) => ApiAnswer | Promise<ApiAnswer> },
): Promise<{ page: Page; calls: ApiCall[]; close(): Promise<void> }> {
  ensureWidgetBuilt();
  const dist = defaultConfig().widgetDist;
  const build = new WidgetFiles(dist).get()!;
  const attributes = { site: 'demo', page: '/a', ...options.attributes };
  const attrs = Object.entries(attributes).map(([k, v]) => `${k}="${v}"`).join(' ');
  const html = `<!doctype html><html lang="${options.lang ?? 'en'}"><head><title>Widget</title>${options.head ?? ''}</head>
    <body><main><parley-comments ${attrs}></parley-comments></main><script type="module" src="${build.entryUrl('widget')}"></script></body></html>`;
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const calls: ApiCall[] = [];
  if (options.token) {
    // A returning reader: the identity the widget stored on an earlier visit.
    await context.addInitScript((token) => localStorage.setItem('parley:widget.test:demo', token), options.token);
  }
  await context.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname.startsWith('/assets/')) {
      return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(dist, url.pathname)) });
    }
    // No live updates here: 204 tells EventSource not to reconnect.
    if (url.pathname === '/api/v1/events') return route.fulfill({ status: 204 });
    const call: ApiCall = {
      method: request.method(),
      path: url.pathname.replace('/api/v1/', ''),
      query: url.searchParams,
      headers: await request.allHeaders(),
      body: request.postData() ? JSON.parse(request.postData()!) : undefined,
    };
    calls.push(call);
    const answer = await options.api(call);
    return route.fulfill({
      status: answer.status,
      headers: answer.headers ?? {},
      ...(answer.body === undefined ? {} : { contentType: 'application/json', body: JSON.stringify(answer.body) }),
    });
  });
  await page.goto(`${ORIGIN}/`);
  return { page, calls, close: () => context.close() };
}

export const apiError = (status: number, code: string, message = code): ApiAnswer => ({ status, body: { error: { code, message } } });
