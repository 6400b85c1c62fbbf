/** One line of `npm run bench`: a figure, and where there is a bar to compare with, the ratio. */
export type BenchRow = {
  name: string;
  value: number;
  unit: string;
  /** What we compare against, in words (e.g. "bare Hono route 61,000 req/s"). */
  baseline?: string;
  /** value / baseline for throughput, baseline / value for sizes and times: ≥ 1 meets the bar. */
  ratio?: number;
  note?: string;
};

/** A bench section: runs bounded in time and count, returns its rows. */
export type BenchSection = { title: string; run(): Promise<BenchRow[]> };

export function printTable(title: string, rows: BenchRow[]): void {
  console.log(`\n## ${title}`);
  const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(n < 10 ? 2 : 1));
  const lines = rows.map((r) => [r.name, `${fmt(r.value)} ${r.unit}`, r.baseline ?? '', r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.note ?? '']);
  const head = ['measure', 'value', 'bar', 'ratio', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  console.log(row(head));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) console.log(row(l));
}
