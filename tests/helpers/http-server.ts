import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { ParleyApp } from '../../server/app.ts';

/** The app behind a real socket on a free loopback port: for what `app.request()` cannot show. */
export async function listen(app: ParleyApp): Promise<{ url: string; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
