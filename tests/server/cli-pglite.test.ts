import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../helpers/cli.ts';

// What a newcomer runs first: the CLI on the embedded PGlite data directory, no DATABASE_URL.
// Every command there is tested on PostgreSQL in cli.test.ts; this shows the PGlite path works.
let cli: Awaited<ReturnType<typeof createCliSandbox>>;
beforeAll(async () => {
  cli = await createCliSandbox('pglite');
});
afterAll(() => cli.close());

describe('the CLI on PGlite', { timeout: 600_000 }, () => {
  it('adds, edits, lists and removes a site in the data directory', async () => {
    const added = await cli.run(['site', 'add', 'news', '--origin', 'https://news.example.com']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const edited = await cli.run(['site', 'edit', 'news', '--moderation', 'all', '--language', 'ar']);
    expect(edited.code).toBe(0);
    expect((await cli.run(['site', 'list'])).stdout).toContain('news\tnews\tar\tall\thttps://news.example.com');
    const removed = await cli.run(['site', 'remove', 'news']);
    expect(removed.code).toBe(0);
    expect((await cli.run(['site', 'list'])).stdout).toContain('no sites yet');
  });
});
