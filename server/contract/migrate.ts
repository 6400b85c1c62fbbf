import { z } from 'zod';
import { Email, Id, PageKey, SiteSlug } from './common.ts';

export const ImportFormat = z.enum(['wxr', 'disqus', 'parley']);

export const NewImport = z.object({
  site: SiteSlug,
  format: ImportFormat,
  dryRun: z.boolean().default(false),
  /** The file's size, announced so the progress bar has an end before the first byte arrives. */
  size: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export type NewImport = z.infer<typeof NewImport>;

export const ImportId = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'Not an import id');

export type ImportReportView = {
  format: string;
  isDryRun: boolean;
  pages: { total: number; created: number; existing: number };
  comments: { total: number; created: number; unchanged: number; byStatus: Record<'pending' | 'approved' | 'rejected' | 'spam' | 'deleted', number> };
  skipped: Record<string, number>;
  skippedItems: Array<{ id: string; reason: string }>;
  problems: Array<{ id: string; kind: string; message: string }>;
  problemCount: number;
};

/** An import as the admin view follows it: upload, check, write, then the report (or the reason it was refused). */
export type ImportJobView = {
  id: string;
  site: string;
  format: z.infer<typeof ImportFormat>;
  isDryRun: boolean;
  phase: 'waiting' | 'uploading' | 'checking' | 'importing' | 'done' | 'failed';
  /** Bytes of the file received, then read in the current phase. */
  bytes: number;
  totalBytes: number;
  pages: number;
  comments: number;
  report: ImportReportView | null;
  error: { code: string; message: string } | null;
};

export const ExportQuery = z.object({ site: SiteSlug });

export const RemapPages = z.object({
  site: SiteSlug,
  pairs: z.array(z.object({ from: PageKey, to: PageKey })).min(1).max(10_000),
});

export type RemapResultView = { from: string; to: string; outcome: 'moved' | 'merged' | 'no_such_page' | 'same_key'; comments: number };

/** One reader of a site, named by id or by e-mail (every reader with that address). */
export const ReaderSelector = z
  .object({ site: SiteSlug, readerId: z.coerce.number().pipe(Id).optional(), email: Email.optional() })
  .refine((v) => v.readerId !== undefined || v.email !== undefined, { message: 'Name the reader by readerId or email', path: ['email'] });
export type ReaderSelector = z.infer<typeof ReaderSelector>;

export type EraseResultView = { readers: number; comments: number; subscriptions: number };
