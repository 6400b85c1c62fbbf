import { Hono } from 'hono';
import { PreviewRequest, type PreviewView } from '../../contract/comment.ts';
import type { Services } from '../../services/context.ts';
import { assertOriginAllowed } from '../../services/sites/sites.ts';
import { checkBody } from '../../services/comments/prepare-body.ts';
import { renderMarkdown } from '../../services/comments/render-markdown.ts';
import { jsonBody } from '../validate.ts';
import { describe } from '../openapi/describe.ts';

/** `POST /preview`: the form's Preview tab shows exactly what posting would store. Stores nothing. */
export function previewRoutes(services: Services) {
  return new Hono().post('/preview', describe({ summary: 'Render Markdown as a comment would be rendered', tag: 'comments', body: PreviewRequest, responses: { 200: 'html' }, errors: ['site_not_found', 'origin_not_allowed', 'rate_limited'] }), async (c) => {
    const input = await jsonBody(c, PreviewRequest);
    const site = await services.sites.get(input.site);
    assertOriginAllowed(site, c.req.header('origin'), new URL(services.config.publicUrl).origin);
    const body = checkBody(input.body, site.resolved);
    return c.json({ html: renderMarkdown(body).html } satisfies PreviewView);
  });
}
