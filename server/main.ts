import { readSettings } from './ops/settings.ts';

// The only file that reads the environment. Every setting is in server/ops/settings.ts. Checked
// before the rest of the server is even loaded, so a typo is reported at once.
const { settings, problems } = readSettings(process.env);
if (problems.length > 0) {
  for (const line of problems) console.error(`parley: ${line}`);
  console.error('parley: not started (see the settings table in README.md)');
  process.exit(1);
}
const { startServer } = await import('./start.ts');
await startServer(settings);
