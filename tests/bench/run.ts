/**
 * `npm run bench`: loads the API with autocannon on loopback and prints figures with ratios to the
 * bars of this machine (a bare Hono route, the database's own commit rate, page one at 100
 * comments). Every run is bounded in time; no pass/fail on absolute numbers (DESIGN §11).
 */
import { apiBench, loadBench, readsBench, writesBench } from './api.ts';
import { measureBareHono } from './baselines.ts';
import { SECONDS, type LoadResult } from './load.ts';
import { printTable, type BenchSection } from './report.ts';
import { liveBench } from './live.ts';
import { statementsBench } from './statements.ts';
import { widgetBench, widgetBytesBench } from './widget.ts';

const started = Date.now();
// --quick: only the figures that do not depend on timing (statements per post, bundle bytes), in
// well under a minute; any row below its budget (ratio < 1) fails the run. CI-safe on a noisy box.
const isQuick = process.argv.includes('--quick');
if (isQuick) {
  let regressed = false;
  for (const section of [statementsBench, widgetBytesBench]) {
    const rows = await section.run();
    printTable(section.title, rows);
    for (const row of rows) if (row.ratio !== undefined && row.ratio < 1) regressed = (console.error(`regression: ${row.name} ${row.value} ${row.unit} (${row.baseline})`), true);
  }
  console.log(`\nquick bench finished in ${Math.round((Date.now() - started) / 1000)} s${regressed ? ': REGRESSED' : ''}`);
  process.exit(regressed ? 1 : 0);
}
console.log(`Parley bench: autocannon, 10 connections, ${SECONDS} s per run, server in a child process on 127.0.0.1`);

let bare: LoadResult | null = null;
const bareSection: BenchSection = {
  title: 'Bar: a bare Hono route on this machine',
  async run() {
    bare = await measureBareHono();
    return [
      { name: 'GET /bare throughput', value: Math.round(bare.rps), unit: 'req/s' },
      { name: 'GET /bare p99', value: bare.p99, unit: 'ms' },
    ];
  },
};

// --only reads: the bar and the cached read path (tests/bench/api.ts readsBench), to iterate on it.
// --only pglite-reads / postgres-reads: 50 connections of uncached reads and 10 of writes (loadBench).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
// --only writes: the bar for writes and the POST runs on PostgreSQL (writesBench).
const ONLY: Record<string, () => BenchSection[]> = {
  reads: () => [bareSection, readsBench(() => bare!)],
  'pglite-reads': () => [loadBench('pglite')],
  'postgres-reads': () => [loadBench('postgres')],
  writes: () => [writesBench('postgres')],
};
if (only !== undefined && !ONLY[only]) throw new Error(`--only ${only}: one of ${Object.keys(ONLY).join(', ')}`);
const sections: BenchSection[] = only !== undefined ? ONLY[only]!() : [bareSection, apiBench('pglite', () => bare!), apiBench('postgres', () => bare!)];

if (!only) {
  sections.push(statementsBench, liveBench);
  // Bundle sizes and first paint of the widget (tests/bench/widget.ts).
  sections.push(widgetBench);
}

let failed = false;
for (const section of sections) {
  try {
    printTable(section.title, await section.run());
  } catch (error) {
    failed = true;
    console.error(`\n## ${section.title}: failed`, error);
  }
}
console.log(`\nbench finished in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(failed ? 1 : 0);
