import { launchBrowser } from '../helpers/browser.ts';
import { FAST_READER, ensureWidgetBuilt, seedComments, startTestServer } from '../helpers/server.ts';
import { defaultConfig } from '../../server/config.ts';
import { WidgetFiles } from '../../server/routes/static.ts';
import { EMBED_BUDGET, WIDGET_AIM, WIDGET_BUDGET } from './budgets.ts';
import type { BenchRow, BenchSection } from './report.ts';

const RUNS = 7;
const PAINT_TIMEOUT_MS = 15_000;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bytes on the wire, as the server sends them (gzip level 9, precomputed at start-up). */
function bundleRows(): BenchRow[] {
  ensureWidgetBuilt();
  const build = new WidgetFiles(defaultConfig().widgetDist).get();
  if (!build) throw new Error('widget/dist is missing after the build');
  const embed = build.embed.gzip.length;
  const files = build.entryFiles('widget');
  const gzip = files.reduce((n, f) => n + build.assets.get(f.replace(/^assets\//, ''))!.gzip.length, 0);
  const brotli = files.reduce((n, f) => n + build.assets.get(f.replace(/^assets\//, ''))!.br.length, 0);
  return [
    { name: 'embed.js, gzip', value: embed, unit: 'B', baseline: `budget ${kb(EMBED_BUDGET)}`, ratio: EMBED_BUDGET / embed, note: `brotli ${build.embed.br.length} B` },
    {
      name: 'widget JS a reader downloads, gzip (Lit included)',
      value: gzip,
      unit: 'B',
      baseline: `budget ${kb(WIDGET_BUDGET)}`,
      ratio: WIDGET_BUDGET / gzip,
      note: `${files.length} files; brotli ${kb(brotli)}; vs the 15 KB aim ${(WIDGET_AIM / gzip).toFixed(2)}×`,
    },
  ];
}

/** A 200-comment page in Chromium: time from embed.js starting to the first comment on screen. */
async function paintRows(): Promise<BenchRow[]> {
  const server = await startTestServer({ settings: FAST_READER, build: false });
  const browser = await launchBrowser();
  try {
    // 150 top-level comments and 50 replies spread over the first 25 of them.
    await seedComments(server.app, '/', [
      ...Array.from({ length: 150 }, (_, i) => ({ body: `Comment ${i + 1}: the towpath, the bays and the budget, **discussed**.`, name: `Reader ${i + 1}` })),
      ...Array.from({ length: 50 }, (_, i) => ({ body: `Reply ${i + 1}, with a [link](https://example.org/${i}).`, name: `Replier ${i + 1}`, parent: i % 25 })),
    ]);
    const fromScript: number[] = [];
    const fromNavigation: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const marks = await page.waitForFunction(
        () => {
          const embed = performance.getEntriesByName('parley:embed')[0];
          const paint = performance.getEntriesByName('parley:first-comment')[0];
          return embed && paint ? { embed: embed.startTime, paint: paint.startTime } : null;
        },
        undefined,
        { timeout: PAINT_TIMEOUT_MS, polling: 50 },
      );
      const { embed, paint } = (await marks.jsonValue())!;
      // Run 0 warms the server's caches and Chromium's code cache; it is not counted.
      if (run > 0) {
        fromScript.push(paint - embed);
        fromNavigation.push(paint);
      }
      await context.close();
    }
    return [
      {
        name: 'embed.js start → first comment painted, 200-comment page',
        value: median(fromScript),
        unit: 'ms',
        note: `median of ${RUNS} cold contexts; min ${Math.min(...fromScript).toFixed(0)}, max ${Math.max(...fromScript).toFixed(0)}`,
      },
      { name: 'navigation start → first comment painted', value: median(fromNavigation), unit: 'ms', note: 'same runs, loopback' },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Bytes only, no browser: the timing-free half that `npm run bench -- --quick` checks. */
export const widgetBytesBench: BenchSection = {
  title: 'Reader widget: bytes',
  async run() {
    return bundleRows();
  },
};

export const widgetBench: BenchSection = {
  title: 'Reader widget: bytes and first paint (Chromium)',
  async run() {
    return [...bundleRows(), ...(await paintRows())];
  },
};
