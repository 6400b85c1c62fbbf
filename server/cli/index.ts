import type { ParleyApp } from '../app.ts';
import type { Database } from '../store/db.ts';
import type { CliContext } from './command.ts';
import { commands } from './commands.ts';
import { runCli } from './run.ts';

// The CLI's entry point (`npm run parley -- …`): like main.ts, the only place it reads the environment.
const env = process.env;
const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 8080}`).replace(/\/$/, '');

let opened: { database: Database; app: ParleyApp } | null = null;

const context: CliContext = {
  publicUrl,
  // Opened on first use: `--help` and usage errors never touch (or lock) the database.
  async app() {
    if (!opened) {
      // Loaded here, not above: help and usage errors start faster without the whole app.
      const [{ createApp }, { migrateDatabase, openDatabase }] = await Promise.all([import('../app.ts'), import('../store/db.ts')]);
      const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PARLEY_DATA_DIR ?? './data' });
      await migrateDatabase(database);
      opened = { database, app: createApp({ database, config: { publicUrl } }) };
    }
    return opened.app;
  },
  print: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  },
};

const code = await runCli(process.argv.slice(2), commands, context, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
if (opened) {
  const { app, database } = opened as { database: Database; app: ParleyApp };
  await app.close();
  await database.close();
}
process.exit(code);
