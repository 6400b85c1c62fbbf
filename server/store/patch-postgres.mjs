// Patches postgres.js 3.4.x (npm postinstall) until upstream ships the fix for
// porsager/postgres#1154 / #1208 (PR #1209 open): when the database kills a connection,
// `closed()` nulls the socket and clears the deferred-write immediate without resetting
// `nextWriteTimer`, so
//   - a write scheduled just before the close throws `Cannot read properties of null (reading
//     'write')` from a setImmediate: an uncaught exception that takes the process down, and
//   - every later small write on that connection object waits for an immediate that never runs:
//     the query hangs forever (the request never answers).
// Reproduced by tests/server/database-outage.test.ts (pg_terminate_backend during a burst).
// Also: the type-catalogue query a new connection runs is never awaited, so its rejection is unhandled.
// Idempotent: a file already patched, or a postgres.js without these lines, is left alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARK = '/* parley: porsager/postgres#1208 */';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'postgres');
const files = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'].map((f) => join(root, f));

const GUARD = `function nextWrite(fn) {
    ${MARK}
    if (socket === null) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
`;

let patched = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  const source = readFileSync(file, 'utf8');
  if (source.includes(MARK)) continue;
  const next = source
    .replace('function nextWrite(fn) {\n', GUARD)
    // The type-catalogue query of a new connection is started and forgotten: killed by a restart,
    // its rejection was unhandled (vitest and Node report it; Node would end the process).
    .replace('        return fetchArrayTypes()\n', '        return fetchArrayTypes().catch(() => {}) /* parley: connection closing */\n')
    // Both teardown paths: a cleared immediate must also be forgotten, with its buffered bytes.
    .replaceAll('    clearImmediate(nextWriteTimer)\n', '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n');
  if (next === source || !next.includes(MARK)) continue;
  writeFileSync(file, next);
  patched++;
}
if (patched) console.log(`[parley] patched postgres.js connection.js in ${patched} place(s) (porsager/postgres#1208)`);
