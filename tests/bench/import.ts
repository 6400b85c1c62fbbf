/**
 * `npm run bench:import`: generates a WordPress export of about 100 MB (PARLEY_BENCH_IMPORT_MB) in a
 * temporary directory, imports it into a fresh PostgreSQL database (PARLEY_TEST_PG_URL, as the
 * tests) and prints the time and the process's peak RSS. PostgreSQL, not PGlite: PGlite keeps its
 * data inside this process, so its RSS would measure the database, not the importer.
 * Not part of `npm test`: it takes minutes; no pass/fail on the figures.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { importFile } from '../../server/services/migrate/import.ts';
import { ensureDemoSite } from '../../server/services/sites/bootstrap.ts';
import { createTestDatabase } from '../helpers/database.ts';

const TARGET_MB = Number(process.env.PARLEY_BENCH_IMPORT_MB ?? 100);
const COMMENTS_PER_POST = 60;

const words = 'the of and a to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(' ');
let seed = 1;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(random() * words.length)]).join(' ');
const STATUSES = ['1', '1', '1', '1', '1', '1', '0', 'spam', 'trash'];

async function generate(path: string): Promise<{ posts: number; comments: number }> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title><link>https://bench.example</link>\n`);
  let posts = 0;
  let comments = 0;
  let id = 1;
  while (out.bytesWritten + out.writableLength < TARGET_MB * 1024 * 1024) {
    posts++;
    await write(`<item><title>Post ${posts}</title><link>https://bench.example/${2000 + (posts % 20)}/post-${posts}/</link>
<content:encoded><![CDATA[<p>${sentence(200)}</p>]]></content:encoded><wp:post_id>${posts}</wp:post_id><wp:post_type>post</wp:post_type>\n`);
    const first = id;
    for (let i = 0; i < COMMENTS_PER_POST; i++, id++) {
      const parent = i > 0 && random() < 0.6 ? first + Math.floor(random() * i) : 0;
      const minute = String(i % 60).padStart(2, '0');
      const type = random() < 0.02 ? 'pingback' : 'comment';
      await write(`<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author><![CDATA[Reader ${id % 5000} Ünïcødé]]></wp:comment_author>
<wp:comment_author_email>reader${id % 5000}@example.com</wp:comment_author_email><wp:comment_author_url>https://reader${id % 5000}.example/</wp:comment_author_url>
<wp:comment_date_gmt>2021-0${1 + (posts % 9)}-1${posts % 10} 1${i % 10}:${minute}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[${sentence(40 + Math.floor(random() * 80))}

${sentence(30)} <a href="https://example.org/${id}">link</a> <b>bold</b>]]></wp:comment_content>
<wp:comment_approved>${STATUSES[id % STATUSES.length]}</wp:comment_approved><wp:comment_type>${type}</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent>
<wp:commentmeta><wp:meta_key>wpdiscuz_votes</wp:meta_key><wp:meta_value>${(id % 7) - 2}</wp:meta_value></wp:commentmeta></wp:comment>\n`);
      comments++;
    }
    await write('</item>\n');
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return { posts, comments };
}

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-import-'));
const file = join(dir, 'bench.wxr');
const database = await createTestDatabase('postgres');
try {
  let t = Date.now();
  const generated = await generate(file);
  const mb = statSync(file).size / 1024 / 1024;
  console.log(`generated ${mb.toFixed(1)} MB WXR: ${generated.posts} posts, ${generated.comments} comments (${((Date.now() - t) / 1000).toFixed(1)} s)`);

  const app = createApp({ database });
  await app.ready;
  await ensureDemoSite(app.services);
  const rssBefore = process.memoryUsage().rss;
  let lastShown = 0;
  t = Date.now();
  const report = await importFile(app.services, {
    site: 'demo',
    format: 'wxr',
    path: file,
    isDryRun: false,
    onProgress: (p) => {
      if (process.stdout.isTTY && Date.now() - lastShown > 500) {
        lastShown = Date.now();
        process.stdout.write(`\r${p.phase} ${Math.round((100 * p.bytes) / p.totalBytes)}%  ${p.comments} comments   `);
      }
    },
  });
  const seconds = (Date.now() - t) / 1000;
  if (process.stdout.isTTY) process.stdout.write('\n');
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`imported ${report.pages.total} pages, ${report.comments.created} comments, skipped ${JSON.stringify(report.skipped)}, ${report.problemCount} problems`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| file | ${mb.toFixed(1)} MB |`);
  console.log(`| import time (check pass + write pass) | ${seconds.toFixed(1)} s |`);
  console.log(`| throughput | ${Math.round(report.comments.created / seconds)} comments/s, ${(mb / seconds).toFixed(2)} MB/s |`);
  console.log(`| RSS before the import | ${(rssBefore / 1024 / 1024).toFixed(0)} MB |`);
  console.log(`| peak RSS of the process | ${peakMb.toFixed(0)} MB |`);
  await app.close();
} finally {
  await database.close();
  if (!process.env.PARLEY_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(file);
}
