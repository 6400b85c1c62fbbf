import type { Readable } from 'node:stream';
import { z } from 'zod';
import { refused } from './xml-stream.ts';
import { cleanBody, cleanEmail, cleanLine, cleanUrl, type SourcePage } from './source.ts';

/**
 * Parley's export format, version 1 (documented in README, "Moving in and out"): one JSON object,
 * pages in id order, each page's comments in thread order (a parent before its replies).
 */
export const ExportComment = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'spam', 'deleted']),
  author: z.object({ name: z.string(), email: z.string().nullable(), url: z.string().nullable() }),
  bodyMd: z.string(),
  bodyHtml: z.string(),
  upvotes: z.number().int().min(0),
  downvotes: z.number().int().min(0),
  pinned: z.boolean(),
});
export type ExportComment = z.infer<typeof ExportComment>;

export const ExportPage = z.object({
  key: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  locked: z.boolean(),
  comments: z.array(ExportComment),
});
export type ExportPage = z.infer<typeof ExportPage>;

export const ExportFile = z.object({
  format: z.literal('parley-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  site: z.object({ slug: z.string(), name: z.string() }),
  pages: z.array(ExportPage),
});

/**
 * Reads a Parley export back. JSON has no streaming parser among our dependencies, so the file is
 * parsed whole: an export is about a third the size of the equivalent WXR, and this path is for
 * moving a site between Parley servers, not for the 100 MB WordPress case.
 */
export async function* readParleyExport(input: Readable, onBytes: (bytes: number) => void): AsyncGenerator<SourcePage> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input) {
    chunks.push(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    onBytes(bytes);
  }
  let data: unknown;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw refused(`The file is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  const parsed = ExportFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused(`The file is not a Parley export (version 1): ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const from = cleanLine(parsed.data.site.slug, 64);
  for (const page of parsed.data.pages) {
    yield {
      sourceId: `parley:${from}:page:${cleanLine(page.key, 512)}`,
      key: cleanLine(page.key, 512),
      url: cleanUrl(page.url),
      title: page.title === null ? null : cleanLine(page.title, 300) || null,
      isLocked: page.locked || undefined,
      skipped: [],
      comments: page.comments.map((c) => ({
        sourceId: `parley:${from}:comment:${c.id}`,
        parentSourceId: c.parentId === null ? null : `parley:${from}:comment:${c.parentId}`,
        author: { name: cleanLine(c.author.name, 100), email: cleanEmail(c.author.email), url: cleanUrl(c.author.url) },
        createdAt: validDate(c.createdAt),
        editedAt: c.editedAt ? validDate(c.editedAt) : null,
        status: c.status,
        body: cleanBody(c.bodyHtml),
        isPlainText: false,
        markdown: cleanBody(c.bodyMd),
        isPinned: c.pinned,
        votes: { up: c.upvotes, down: c.downvotes },
      })),
    };
  }
}

function validDate(text: string): Date | null {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}
