import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../helpers/cli.ts';

// The CLI's database commands, each run as the real binary in a child process, on PostgreSQL
// (DATABASE_URL). The same commands on PGlite: cli-pglite.test.ts.
let cli: Awaited<ReturnType<typeof createCliSandbox>>;
beforeAll(async () => {
  cli = await createCliSandbox('postgres');
});
afterAll(() => cli.close());

const STACK_LINE = /^\s+at /m;
const SLOW = { timeout: 300_000 };

describe('sites', SLOW, () => {
  it('a site is added, edited (name, origins, language, moderation), listed and removed', async () => {
    const added = await cli.run(['site', 'add', 'news', '--name', 'The Daily', '--origin', 'https://news.example.com']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('data-site="news"');

    const edited = await cli.run([
      'site', 'edit', 'news', '--name', 'Daily News', '--add-origin', 'https://m.news.example.com', '--language', 'ru', '--moderation', 'first',
    ]);
    expect(edited.stderr).toBe('');
    expect(edited.code).toBe(0);
    const listed = await cli.run(['site', 'list']);
    expect(listed.stdout).toContain('news\tDaily News\tru\tfirst\thttps://news.example.com https://m.news.example.com');

    const narrowed = await cli.run(['site', 'edit', 'news', '--remove-origin', 'https://news.example.com']);
    expect(narrowed.code).toBe(0);
    expect(narrowed.stdout).toContain('origins: https://m.news.example.com');

    const removed = await cli.run(['site', 'remove', 'news']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('site news removed');
    expect((await cli.run(['site', 'list'])).stdout).not.toContain('news\t');
  });

  it('editing or removing a site that does not exist names it and exits 1', async () => {
    const edit = await cli.run(['site', 'edit', 'nowhere', '--name', 'X']);
    expect(edit.code).toBe(1);
    expect(edit.stderr).toContain('no site "nowhere"');
    const remove = await cli.run(['site', 'remove', 'nowhere']);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain('no site "nowhere"');
    expect(remove.stderr).not.toMatch(STACK_LINE);
  });

  it('an edit that names nothing to change says which options there are, exit 2', async () => {
    await cli.run(['site', 'add', 'quiet']);
    const result = await cli.run(['site', 'edit', 'quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('nothing to change: give --name');
  });
});

describe('moderators', SLOW, () => {
  it('a moderator is invited with a sign-in link, listed, disabled and enabled again', async () => {
    await cli.run(['site', 'add', 'paper']);
    const invited = await cli.run(['moderator', 'invite', 'ed@example.com', '--site', 'paper', '--name', 'Ed']);
    expect(invited.stderr).toBe('');
    expect(invited.code).toBe(0);
    expect(invited.stdout).toMatch(/one-time sign-in link \(24 h\): http:\/\/parley\.test\/admin#login-token=[\w-]{20,}/);

    expect((await cli.run(['moderator', 'list'])).stdout).toContain('ed@example.com\tEd\tmoderator\tpaper\tinvited (no password yet)');
    const disabled = await cli.run(['moderator', 'disable', 'ed@example.com']);
    expect(disabled.code).toBe(0);
    expect((await cli.run(['moderator', 'list'])).stdout).toContain('ed@example.com\tEd\tmoderator\tpaper\tdisabled');
    const link = await cli.run(['moderator', 'link', 'ed@example.com']);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('ed@example.com is disabled');
    expect((await cli.run(['moderator', 'enable', 'ed@example.com'])).code).toBe(0);
    expect((await cli.run(['moderator', 'list'])).stdout).toContain('ed@example.com\tEd\tmoderator\tpaper\tinvited (no password yet)');
  });

  it('inviting without a site, twice, or to a missing site says what is wrong', async () => {
    const noSite = await cli.run(['moderator', 'invite', 'amy@example.com']);
    expect(noSite.code).toBe(1);
    expect(noSite.stderr).toContain('a moderator needs at least one --site');
    const missing = await cli.run(['moderator', 'invite', 'amy@example.com', '--site', 'nowhere']);
    expect(missing.stderr).toContain('no site "nowhere"');
    await cli.run(['moderator', 'invite', 'bo@example.com', '--role', 'admin']);
    const twice = await cli.run(['moderator', 'invite', 'bo@example.com', '--role', 'admin']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('bo@example.com already has an account');
  });

  it('the only active admin cannot be disabled', async () => {
    const result = await cli.run(['moderator', 'disable', 'bo@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bo@example.com is the only active admin');
  });

  it('disabling someone unknown names the address', async () => {
    const result = await cli.run(['moderator', 'disable', 'ghost@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no moderator ghost@example.com');
  });
});
