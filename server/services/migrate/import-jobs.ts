import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportJobView, NewImport } from '../../contract/migrate.ts';
import { AppError } from '../../errors.ts';
import type { ImportReport } from './plan.ts';
import type { ImportOptions } from './source.ts';

type Job = ImportJobView & { moderatorId: number | null; finishedAt: number | null };

// Finished jobs are kept this long for the page that polls them, then forgotten.
const KEEP_MS = 60 * 60 * 1000;

/**
 * Uploads in the admin view: the file is streamed to a temporary file (its size bounded), then
 * imported in the background while the page polls the job. Jobs live in the instance that took the
 * upload, which also answers the polls (the admin view sends both to the same origin; behind a load
 * balancer, use sticky sessions for /api/v1/admin/imports or run imports from the CLI).
 */
export class ImportJobs {
  readonly #jobs = new Map<string, Job>();

  /** `run` imports a spooled file (the app passes importFile bound to its services). */
  constructor(
    private readonly maxBytes: number,
    private readonly run: (options: ImportOptions) => Promise<ImportReport>,
  ) {}

  create(input: NewImport, moderatorId: number | null): ImportJobView {
    this.#sweep();
    if (input.size > this.maxBytes) throw new AppError('payload_too_large', `The file is larger than ${this.maxBytes} bytes`, 'size');
    const job: Job = {
      id: randomBytes(12).toString('base64url'),
      site: input.site,
      format: input.format,
      isDryRun: input.dryRun,
      phase: 'waiting',
      bytes: 0,
      totalBytes: input.size,
      pages: 0,
      comments: 0,
      report: null,
      error: null,
      moderatorId,
      finishedAt: null,
    };
    this.#jobs.set(job.id, job);
    return view(job);
  }

  get(id: string, moderatorId: number | null): ImportJobView {
    const job = this.#jobs.get(id);
    if (!job || job.moderatorId !== moderatorId) throw new AppError('not_found', 'No such import', 'id');
    return view(job);
  }

  /** Receives the file, then starts the import; resolves once the file is on disk. */
  async receive(id: string, moderatorId: number | null, body: ReadableStream<Uint8Array> | null): Promise<ImportJobView> {
    const job = this.#jobs.get(id);
    if (!job || job.moderatorId !== moderatorId) throw new AppError('not_found', 'No such import', 'id');
    if (job.phase !== 'waiting') throw new AppError('conflict', 'This import has its file already');
    if (!body) throw new AppError('validation', 'Send the file as the request body', 'file');
    job.phase = 'uploading';
    const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
    const path = join(dir, 'upload');
    try {
      const file = createWriteStream(path);
      const limit = Math.min(job.totalBytes, this.maxBytes);
      // Counted before it is written: an upload larger than announced stops at the limit.
      const counted = new Writable({
        write(chunk: Buffer, _encoding, done) {
          job.bytes += chunk.length;
          if (job.bytes > limit) return done(new AppError('payload_too_large', 'The file is larger than announced', 'file'));
          if (!file.write(chunk)) file.once('drain', () => done());
          else done();
        },
        final(done) {
          file.end(done);
        },
        destroy(error, done) {
          file.destroy();
          done(error);
        },
      });
      await pipeline(Readable.fromWeb(body as never), counted);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      this.#fail(job, error);
      throw error instanceof AppError ? error : new AppError('bad_request', 'The upload broke off');
    }
    job.totalBytes = job.bytes;
    void this.#run(job, path).finally(() => rm(dir, { recursive: true, force: true }));
    return view(job);
  }

  async #run(job: Job, path: string): Promise<void> {
    try {
      job.report = await this.run({
        site: job.site,
        format: job.format,
        path,
        isDryRun: job.isDryRun,
        onProgress: (p) => Object.assign(job, { phase: p.phase, bytes: p.bytes, totalBytes: p.totalBytes, pages: p.pages, comments: p.comments }),
      });
      job.phase = 'done';
      job.finishedAt = Date.now();
    } catch (error) {
      this.#fail(job, error);
    }
  }

  #fail(job: Job, error: unknown): void {
    job.phase = 'failed';
    job.finishedAt = Date.now();
    job.error = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'internal', message: 'The import failed; nothing more was written' };
    if (!(error instanceof AppError)) console.error('[parley] import failed', error);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.#jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) this.#jobs.delete(id);
  }
}

function view(job: Job): ImportJobView {
  const { moderatorId: _m, finishedAt: _f, ...rest } = job;
  return { ...rest };
}

