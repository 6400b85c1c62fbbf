import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

// Runs in the worker, given as text (so it needs no file of its own in dist/): CommonJS with a
// dynamic import, which every Node the project supports reads without module detection.
const INITDB = `
const { workerData } = require('node:worker_threads');
import(workerData.module).then(async ({ PGlite }) => {
  const db = new PGlite(workerData.dataDir, { startParams: workerData.startParams });
  await db.waitReady;
  await db.close();
});
`;

/**
 * Creates a new PGlite data directory (initdb) in a worker thread that then exits, when `dataDir`
 * holds none yet. Measured: a process whose PGlite ran initdb itself stayed at ~840 MB RSS, one that
 * opened an existing directory at ~360 MB: initdb's WebAssembly instance and buffers are never
 * given back, but a worker's are when it ends. Any failure here is left to the open that follows,
 * which runs initdb in-process as before.
 */
export async function initializeInWorker(dataDir: string, startParams: string[]): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(INITDB, { eval: true, workerData: { module: import.meta.resolve('@electric-sql/pglite'), dataDir, startParams } });
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb worker exited with ${code}`))));
    });
  } catch {
    // The open that follows runs initdb in this process instead.
  }
}
