import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * PGlite only matters here (PostgreSQL's own crash safety is the server's): the embedded database
 * in a process that is killed with SIGKILL in the middle of a burst of posts, then started again on
 * the same data directory. The same file runs on both projects; it always uses PGlite.
 */
const ENTRY = new URL('../helpers/pglite-server-process.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
const children: ChildProcess[] = [];

type Started = { child: ChildProcess; url: string };

async function start(): Promise<Started> {
  const child = fork(ENTRY, [dataDir], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 90 s')), 90_000);
    child.once('message', (m: { port: number }) => (clearTimeout(timer), resolve(m.port)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the server exited with ${code} before listening`))));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function check(child: ChildProcess): Promise<{ ids: number[]; mismatches: string[] }> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ check: true });
  });
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PGlite and kill -9', () => {
  it('after SIGKILL in the middle of a burst of posts, a restart finds every acknowledged comment and the counters agree', async () => {
    const first = await start();
    const token = (await (await fetch(`${first.url}/api/v1/readers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site: 'demo' }) })).json()).token as string;
    const acknowledged: number[] = [];
    let sent = 0;
    let killed = false;
    const post = async () => {
      const res = await fetch(`${first.url}/api/v1/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ site: 'demo', page: '/crash', body: `burst ${sent++}`, author: { name: 'Crash' }, ...(acknowledged.length ? { parentId: acknowledged[0] } : {}) }),
        signal: AbortSignal.timeout(20_000),
      });
      if (res.status === 201) acknowledged.push((await res.json()).comment.id);
    };
    // Four writers; the process is killed once 30 posts are acknowledged, with others in flight.
    const worker = async () => {
      while (!killed && sent < 400) {
        await post().catch(() => {});
        if (!killed && acknowledged.length >= 30) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(killed).toBe(true);
    await new Promise((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve(null) : first.child.once('exit', resolve)));
    expect(first.child.signalCode).toBe('SIGKILL');

    // Started again on the same directory, with no manual repair.
    const second = await start();
    const after = await check(second.child);
    expect(acknowledged.filter((id) => !after.ids.includes(id))).toEqual([]);
    expect(after.mismatches).toEqual([]);
    const thread = await fetch(`${second.url}/api/v1/threads?site=demo&page=/crash`);
    expect(thread.status).toBe(200);
    const res = await fetch(`${second.url}/api/v1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ site: 'demo', page: '/crash', body: 'after the crash', author: { name: 'Crash' } }),
    });
    expect(res.status).toBe(201);
    second.child.disconnect();
  }, 240_000);
});
