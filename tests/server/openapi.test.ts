import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let spec: any;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  spec = await res.json();
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route of the app\'s route table with its method', () => {
    const routes = [...new Set(t.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
    expect(routes.length).toBeGreaterThan(40);
    // A route missing here needs a describe({ … }) before its handler (server/routes/openapi/describe.ts).
    const missing = routes.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !spec.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });

  it('is generated from the request contracts: query, body, auth and errors', () => {
    const thread = spec.paths['/api/v1/threads'].get;
    const sort = thread.parameters.find((p: any) => p.name === 'sort');
    expect(sort.schema.enum).toEqual(['oldest', 'newest', 'votes']);
    expect(thread.parameters.find((p: any) => p.name === 'site').required).toBe(true);
    const counts = spec.paths['/api/v1/counts'].get.parameters.find((p: any) => p.name === 'page');
    expect(counts.schema).toMatchObject({ type: 'array', maxItems: 100 });

    const post = spec.paths['/api/v1/comments'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['site', 'page', 'body']));
    expect(post.security).toEqual([{ readerToken: [] }]);
    expect(post.responses['422'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    expect(post.responses['429'].description).toContain('rate_limited');

    const settings = spec.paths['/api/v1/admin/sites/{site}/settings'].put;
    expect(settings.security).toEqual([{ adminSession: [], adminCsrf: [] }]);
    expect(settings.responses['401'].description).toContain('unauthorized');
    expect(spec.components.schemas.Error.properties.error.properties.code.enum).toContain('validation');
  });
});
