import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../server/cli/commands.ts';
import { createCliSandbox } from '../helpers/cli.ts';

let cli: Awaited<ReturnType<typeof createCliSandbox>>;
beforeAll(async () => {
  cli = await createCliSandbox();
});
afterAll(() => cli.close());

const STACK_LINE = /^\s+at /m;
// Each case spawns Node processes that open a database: seconds each on a loaded 2-core box.
const SLOW = { timeout: 300_000 };

describe('help', SLOW, () => {
  it('npm run parley -- --help lists every command and exits 0', async () => {
    const result = await cli.runNpm(['--help']);
    expect(result.code).toBe(0);
    for (const c of commands) expect(result.stdout).toContain(`${c.path.join(' ')}`);
    expect(result.stdout).toContain('Usage: npm run parley -- <command>');
  });

  it('help alone prints the same usage', async () => {
    const result = await cli.run(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('site edit <slug>');
    expect(result.stdout).toContain('moderator invite <email>');
  });

  it('every command answers --help with its own usage, its options and exit 0', async () => {
    // Three at a time: each child is a Node process on a shared 2-core box.
    const pending = [...commands];
    const results: Array<{ path: string; code: number; stdout: string }> = [];
    const worker = async () => {
      for (let c = pending.shift(); c; c = pending.shift()) {
        const result = await cli.run([...c.path, '--help']);
        results.push({ path: c.path.join(' '), code: result.code, stdout: result.stdout });
        expect(result.stdout).toContain(`Usage: npm run parley -- ${c.path.join(' ')}`);
        expect(result.stdout).toContain(c.summary);
        for (const option of Object.keys(c.options)) expect(result.stdout).toContain(`--${option}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(results.map((r) => r.path).sort()).toEqual(commands.map((c) => c.path.join(' ')).sort());
    expect(results.every((r) => r.code === 0)).toBe(true);
  });

  it('help COMMAND and a group alone with --help print usage too', async () => {
    const one = await cli.run(['help', 'site', 'edit']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--moderation <all|first|none>');
    const group = await cli.run(['moderator', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('moderator disable <email>');
    expect(group.stdout).not.toContain('site add');
  });
});

describe('wrong use', SLOW, () => {
  it('an unknown option names the option, prints the usage and exits 2, without a stack trace', async () => {
    const result = await cli.run(['site', 'add', 'news', '--colour', 'red']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown option --colour for "site add"');
    expect(result.stderr).toContain('Usage: npm run parley -- site add <slug>');
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).toBe('');
  });

  it('an unknown command says so, prints the usage and exits 2', async () => {
    const result = await cli.run(['sites', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "sites"');
    expect(result.stderr).toContain('Usage: npm run parley -- <command>');
    const verb = await cli.run(['site', 'delete', 'news']);
    expect(verb.code).toBe(2);
    expect(verb.stderr).toContain('unknown command "site delete"');
    expect(verb.stderr).toContain('site remove <slug>');
  });

  it('a missing argument or a bad value is named, with the usage, exit 2', async () => {
    const missing = await cli.run(['site', 'edit']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"site edit" needs <slug>');
    const bad = await cli.run(['site', 'add', 'News Site']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('slug "News Site": Lower-case letters, digits and dashes');
    const mode = await cli.run(['site', 'edit', 'demo', '--moderation', 'strict']);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('moderation "strict": one of all, first, none');
    expect(mode.stderr).toContain('Usage: npm run parley -- site edit');
  });
});

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
