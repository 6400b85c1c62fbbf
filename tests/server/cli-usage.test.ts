import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../server/cli/commands.ts';
import { createCliSandbox } from '../helpers/cli.ts';

let cli: Awaited<ReturnType<typeof createCliSandbox>>;
beforeAll(async () => {
  cli = await createCliSandbox();
});
afterAll(() => cli.close());

const STACK_LINE = /^\s+at /m;
// Each case spawns Node processes: seconds each on a loaded 2-core box. None opens a database.
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

