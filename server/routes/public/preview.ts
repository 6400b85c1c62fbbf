import { Hono } from 'hono';
import { PreviewRequest, type PreviewView } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { checkBody } from '../../services/comments/create-comment.ts';
import { renderMarkdown } from '../../services/comments/render-markdown.ts';
import { jsonBody } from '../validate.ts';

/** `POST /preview`: the form's Preview tab shows exactly what posting would store. Stores nothing. */
export function previewRoutes(services: Services) {
  return new Hono().post('/preview', async (c) => {
    const input = await jsonBody(c, PreviewRequest);
    const site = await services.sites.get(input.site);
    const body = checkBody(input.body, site.resolved);
    return c.json({ html: renderMarkdown(body).html } satisfies PreviewView);
  });
}
