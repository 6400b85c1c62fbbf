// Patches postgres.js 3.4.x (npm postinstall) until upstream ships these fixes. Each edit is
// applied on its own and recognised when already there, so running this again, or on a tree an
// older version of this script patched, changes nothing twice. A postgres.js without the lines
// an edit looks for is left alone (with a warning): the fix may have landed upstream.
//
// 1. porsager/postgres#1154 / #1208 (PR #1209 open): when the database kills a connection,
//    `closed()` nulls the socket and clears the deferred-write immediate without resetting
//    `nextWriteTimer`, so a write scheduled just before the close throws from a setImmediate (an
//    uncaught exception that takes the process down), and every later small write on that
//    connection object waits for an immediate that never runs (the query hangs forever).
// 2. The type-catalogue query a new connection runs is never awaited: its rejection is unhandled.
// 3. porsager/postgres#1119 / #1181 (PRs #1120, #1190 open): the row counter `rows` is reset only
//    by CommandComplete. A query that fails after some DataRows (an error mid-stream, or
//    pg_terminate_backend / a restart killing its connection) leaves it at k, and the next query
//    on that connection resolves with k leading holes: `const [row] = rows` is `undefined`, so a
//    reader that exists reads as unknown (a wrong 401 / 404). ReadyForQuery now starts each
//    result from row 0.
// 4. When the connection closes, the query it was running, its partial result and its
//    ErrorResponse stayed in the connection's state. On the reconnect, the new session's first
//    ReadyForQuery was taken as that old query's end and the old FATAL ("terminating connection
//    due to administrator command") was thrown at the new query; the stale counters gave holes as
//    in 3. A closed connection now forgets all of it (the old query was already rejected).
// 5. A message that cannot be parsed (a RangeError reading a DataRow past its end, seen under
//    tests/server/database-outage.test.ts while connections were killed) was only put on the query
//    at hand, and the connection went on reading the same stream, now out of step with its
//    queries. Such a failure now closes the socket: the query and those sent after it fail as a
//    lost connection (503, retried), and the pool reconnects to a clean session.
// 1–4 are reproduced deterministically by tests/server/postgres-driver.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js'];

/** `find` is replaced by `replace`; `applied` is text only a patched file contains. */
export const EDITS = [
  {
    name: 'a write on a closed socket fails the query (#1208)',
    find: 'function nextWrite(fn) {\n',
    replace: `function nextWrite(fn) {
    /* parley: porsager/postgres#1208 */
    if (socket === null) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
`,
    applied: '/* parley: porsager/postgres#1208 */',
  },
  {
    name: 'the rejected query of a write on a closed socket is forgotten',
    find: "      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n",
    replace: "      error(Errors.connection('CONNECTION_CLOSED', options))\n      query = null /* parley: stale query */\n      return false\n",
    applied: 'query = null /* parley: stale query */\n      return false',
  },
  {
    name: "the type query's rejection is handled",
    find: '        return fetchArrayTypes()\n',
    replace: '        return fetchArrayTypes().catch(() => {}) /* parley: connection closing */\n',
    applied: '/* parley: connection closing */',
  },
  {
    name: 'terminate forgets the cleared immediate (#1208)',
    find: '    clearImmediate(nextWriteTimer)\n    if (socket) {\n',
    replace: '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {\n',
    applied: '    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {\n',
  },
  {
    name: 'closed forgets the cleared immediate (#1208)',
    find: "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)\n",
    replace: "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)\n",
    applied: "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    socket.removeListener('data', data)\n",
  },
  {
    name: 'every result starts at row 0 (#1181)',
    find: '    query = results = errorResponse = null\n    result = new Result()\n',
    replace: '    query = results = errorResponse = null\n    result = new Result()\n    rows = 0 /* parley: porsager/postgres#1181 */\n',
    applied: '/* parley: porsager/postgres#1181 */',
  },
  {
    name: 'a closed connection forgets its partial result and error',
    find: '  async function closed(hadError) {\n',
    replace:
      '  async function closed(hadError) {\n    rows = 0, result = new Result(), results = errorResponse = null /* parley: stale result */\n',
    applied: '/* parley: stale result */',
  },
  {
    name: 'a closed connection that reconnects drops its type query',
    find: '    if (initial)\n      return reconnect()\n',
    replace:
      "    if (initial) /* parley: stale query on reconnect */\n      return (query && query !== initial && queryError(query, Errors.connection('CONNECTION_CLOSED', options)), query = null, reconnect())\n",
    applied: '/* parley: stale query on reconnect */',
  },
  {
    name: 'a closed connection forgets the query it rejected',
    find: "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
    replace:
      "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = null /* parley: stale query after close */\n",
    applied: '/* parley: stale query after close */',
  },
  {
    name: 'a message that cannot be parsed closes the connection',
    find: "      } catch (e) {\n        query && (query.cursorFn || query.describeFirst) && write(Sync)\n        errored(e)\n      }\n",
    replace:
      "      } catch (e) { /* parley: unparsable message */\n        errored(Object.assign(new Error('postgres.js could not parse a message from the server: ' + (e && e.message), { cause: e }), { code: 'CONNECTION_DESTROYED' }))\n        incoming = Buffer.alloc(0), remaining = 0, incomings = null\n        socket && socket.destroy()\n        return\n      }\n",
    applied: '/* parley: unparsable message */',
  },
];

/** Applies every edit not yet there to the postgres.js package at `root`; returns the files changed. */
export function patchPostgres(root) {
  let changed = 0;
  for (const file of FILES.map((f) => join(root, f))) {
    if (!existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    let next = source;
    for (const edit of EDITS) {
      if (next.includes(edit.applied)) continue;
      if (!next.includes(edit.find)) {
        console.warn(`[parley] postgres.js patch: "${edit.name}" does not apply to ${file}; check whether upstream fixed it`);
        continue;
      }
      next = next.replace(edit.find, edit.replace);
    }
    if (next === source) continue;
    writeFileSync(file, next);
    changed++;
  }
  return changed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'postgres');
  const changed = patchPostgres(root);
  if (changed) console.log(`[parley] patched postgres.js connection.js in ${changed} place(s)`);
}
