import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../server/cli/commands.ts';
import { runCli } from '../../server/cli/run.ts';
import { createTestApp, PUBLIC_URL, type TestApp } from '../helpers/app.ts';
import { databaseFingerprint } from '../helpers/db-state.ts';
import { FIXTURES } from '../helpers/migrate.ts';

// The import, remap, export and reader commands, run in-process on the test app (the binary itself
// is covered by cli.test.ts); stdout is not a terminal here, so no progress bar is drawn.
describe('moving in and out from the command line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      argv,
      commands,
      { app: async () => t.app, print: (l) => (stdout += `${l}\n`), warn: (l) => (stderr += `${l}\n`), readStdin: async () => '', publicUrl: PUBLIC_URL },
      { out: (s) => (stdout += `${s}\n`), err: (s) => (stderr += `${s}\n`) },
    );
    return { code, stdout, stderr };
  }

  it('a dry run prints the report and writes nothing; the real import prints the same counts', async () => {
    const before = await databaseFingerprint(t.database);
    const dry = await cli('import', 'wxr', FIXTURES + 'wordpress.wxr', '--site', 'demo', '--dry-run');
    expect(dry.code).toBe(0);
    expect(await databaseFingerprint(t.database)).toEqual(before);
    expect(dry.stdout).toContain('Dry run: nothing was written');
    expect(dry.stdout).toContain('comments: 13 (13 new, 0 already imported)');
    expect(dry.stdout).toContain('skipped:  pingback 1, trackback 1');
    expect(dry.stdout).toContain('wxr:comment:112: bad_date');
    const real = await cli('import', 'wxr', FIXTURES + 'wordpress.wxr', '--site', 'demo');
    expect(real.code).toBe(0);
    expect(real.stdout.replace('Imported:', '')).toBe(dry.stdout.replace('Dry run: nothing was written. The import would bring:', ''));
  });

  it('a bomb is refused with its reason and exit code 1', async () => {
    const res = await cli('import', 'disqus', FIXTURES + 'external-entity.xml', '--site', 'demo');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/entities/);
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });

  it('remap, export to a file, reader export and erase', async () => {
    const remap = await cli('pages', 'remap', '/about/', '/about-us/', '--site', 'demo');
    expect(remap.stdout).toContain('/about/ -> /about-us/: moved 2 comments');
    const out = join(mkdtempSync(join(tmpdir(), 'parley-cli-')), 'demo.json');
    expect((await cli('export', '--site', 'demo', '--out', out)).stdout).toContain(`to ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).pages.map((p: { key: string }) => p.key)).toContain('/about-us/');
    const data = await cli('reader', 'export', '--site', 'demo', '--email', 'sara@example.com');
    expect(JSON.parse(data.stdout).readers[0].name).toBe('שרה כהן');
    expect((await cli('reader', 'erase', '--site', 'demo', '--email', 'sara@example.com')).stdout).toContain('erased 1 reader(s): 1 comments');
    expect((await cli('reader', 'erase', '--site', 'demo')).code).toBe(2);
  });
});
