import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export type ServerChild = { url: string; pid: number; tokens: string[]; setCache(on: boolean): Promise<void>; countComments(): Promise<number>; stop(): Promise<void> };

/** Starts tests/bench/server-process.ts under tsx and waits (bounded) until it listens. */
export async function startServer(options: Record<string, unknown>, timeoutMs = 180_000): Promise<ServerChild> {
  const child: ChildProcess = fork(ENTRY, [JSON.stringify(options)], { execArgv: ['--import', 'tsx', '--max-semi-space-size=32', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ port: number; tokens?: string[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bench server did not start in time')), timeoutMs);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { port: number; tokens?: string[] });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited with ${code}`));
    });
  });
  return {
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid!,
    tokens: ready.tokens ?? [],
    setCache: (on) =>
      new Promise((resolve) => {
        child.once('message', () => resolve());
        child.send({ cache: on });
      }),
    countComments: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { comments: number }).comments));
        child.send({ count: true });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.disconnect();
      }),
  };
}
