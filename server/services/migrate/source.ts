import type { CommentStatus } from '../../contract/comment.ts';

/** The file formats an import reads. `parley` is Parley's own export (export.ts), so a site can move back in. */
export type ImportFormat = 'wxr' | 'disqus' | 'parley';

export type ImportProgress = { phase: 'checking' | 'importing'; bytes: number; totalBytes: number; pages: number; comments: number };

export type ImportOptions = {
  site: string;
  format: ImportFormat;
  /** A file on disk: it is read twice (checked whole, then written), so an upload is spooled first. */
  path: string;
  isDryRun: boolean;
  onProgress?: (progress: ImportProgress) => void;
};

/** One comment as the file gives it, before any check. Ids are the file's own, prefixed by format. */
export type SourceComment = {
  sourceId: string;
  parentSourceId: string | null;
  author: { name: string; email: string | null; url: string | null };
  /** null: the file's date could not be read (reported, not imported). */
  createdAt: Date | null;
  /** A problem the reader noticed while reading the item, imported anyway (e.g. a local date, not GMT). */
  note?: { kind: string; message: string };
  status: CommentStatus;
  /** The body as the file has it; `isPlainText` when paragraphs come from blank lines (WordPress). */
  body: string;
  isPlainText: boolean;
  /** Parley's own export carries the Markdown source: kept as it was, not derived again. */
  markdown?: string;
  editedAt?: Date | null;
  isPinned?: boolean;
  votes?: { up: number; down: number };
};

/** One page (a WordPress post, a Disqus thread) with every comment the file holds for it. */
export type SourcePage = {
  sourceId: string;
  key: string;
  url: string | null;
  title: string | null;
  isLocked?: boolean | undefined;
  comments: SourceComment[];
  /** Items deliberately left out (pingbacks, trackbacks), with their id in the file. */
  skipped: Array<{ id: string; reason: string }>;
};

/** Text fit for a PostgreSQL `text` column and a one-line field: no NUL, no lone surrogate, no CR/LF. */
export function cleanLine(value: string, max: number): string {
  return value
    .toWellFormed()
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, max)
    .toWellFormed();
}

export function cleanBody(value: string): string {
  return value.toWellFormed().replace(/\u0000/g, '');
}

export function cleanEmail(value: string | null | undefined): string | null {
  const email = cleanLine(value ?? '', 254).toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

export function cleanUrl(value: string | null | undefined): string | null {
  const text = cleanLine(value ?? '', 2000);
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The page key for a permalink: its path (and query, for `?p=12` permalinks), as the widget keys pages. */
export function pageKeyOf(link: string | null): string | null {
  try {
    const url = new URL(link ?? '');
    return cleanLine(decodeURIComponentSafe(url.pathname) + url.search, 512) || null;
  } catch {
    return null;
  }
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
