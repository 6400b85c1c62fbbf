import type { CommentStatus } from '../../contract/comment.ts';
import { cleanBody, cleanEmail, cleanLine, cleanUrl, pageKeyOf, type SourceComment, type SourcePage } from './source.ts';
import type { XmlReader } from './xml-stream.ts';

// A field longer than this is cut while reading (memory stays bounded) and the comment is then
// reported as over-long: no comment body is anywhere near it (the hard ceiling is 20,000 chars).
export const FIELD_CAP = 256 * 1024;

const ITEM_FIELDS = new Set(['title', 'link', 'wp:post_id', 'wp:post_type', 'wp:comment_status']);
const COMMENT_FIELDS = new Set([
  'wp:comment_id',
  'wp:comment_author',
  'wp:comment_author_email',
  'wp:comment_author_url',
  'wp:comment_date',
  'wp:comment_date_gmt',
  'wp:comment_content',
  'wp:comment_approved',
  'wp:comment_type',
  'wp:comment_parent',
]);
const META_FIELDS = new Set(['wp:meta_key', 'wp:meta_value']);

// WordPress: `1` approved, `0` held, `spam`, `trash`; anything else (a plugin's own status) is held.
const STATUS: Record<string, CommentStatus> = { '1': 'approved', '0': 'pending', spam: 'spam', trash: 'deleted', 'post-trashed': 'deleted' };

/** `2020-01-31 10:00:00` (WordPress's GMT column) as a Date; the zero date and nonsense are null. */
export function parseWpDate(value: string | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec((value ?? '').trim());
  if (!m || m[1] === '0000') return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}` ? null : date;
}

/** wpDiscuz keeps votes in comment meta: `wpdiscuz_votes_seperate` (sic; PHP-serialised likes and dislikes), or the net `wpdiscuz_votes`. */
export function wpDiscuzVotes(meta: Map<string, string>): { up: number; down: number } | undefined {
  const separate = meta.get('wpdiscuz_votes_seperate');
  if (separate) {
    const like = /"like";i:(\d+)/.exec(separate);
    const dislike = /"dislike";i:(-?\d+)/.exec(separate);
    if (like || dislike) return { up: Number(like?.[1] ?? 0), down: Math.abs(Number(dislike?.[1] ?? 0)) };
  }
  const net = meta.get('wpdiscuz_votes');
  if (net !== undefined && /^-?\d+$/.test(net.trim())) {
    const n = Number(net.trim());
    return { up: Math.max(n, 0), down: Math.max(-n, 0) };
  }
  return undefined;
}

/** WordPress eXtended RSS (Tools → Export): each post or page with comments becomes a page. */
export class WxrReader implements XmlReader<SourcePage> {
  #stack: string[] = [];
  #field: string | null = null;
  #text = '';
  #item: Record<string, string> | null = null;
  #comments: SourceComment[] = [];
  #skipped: SourcePage['skipped'] = [];
  #comment: Record<string, string> | null = null;
  #meta = new Map<string, string>();
  #metaPair: Record<string, string> | null = null;
  #done: SourcePage[] = [];

  open(name: string): void {
    const parent = this.#stack.at(-1);
    this.#stack.push(name);
    if (name === 'item' && parent === 'channel') {
      this.#item = {};
      this.#comments = [];
      this.#skipped = [];
    } else if (name === 'wp:comment' && this.#item) {
      this.#comment = {};
      this.#meta = new Map();
    } else if (name === 'wp:commentmeta' && this.#comment) {
      this.#metaPair = {};
    } else if (
      (parent === 'item' && this.#item && ITEM_FIELDS.has(name)) ||
      (parent === 'wp:comment' && this.#comment && COMMENT_FIELDS.has(name)) ||
      (parent === 'wp:commentmeta' && this.#metaPair && META_FIELDS.has(name))
    ) {
      this.#field = name;
      this.#text = '';
    }
  }

  text(text: string): void {
    if (this.#field !== null && this.#text.length < FIELD_CAP) this.#text += text.slice(0, FIELD_CAP + 1 - this.#text.length);
  }

  close(name: string): void {
    this.#stack.pop();
    if (this.#field === name) {
      const target = this.#metaPair ?? this.#comment ?? this.#item;
      if (target) target[name] = this.#text;
      this.#field = null;
      this.#text = '';
      return;
    }
    if (name === 'wp:commentmeta' && this.#metaPair) {
      const key = this.#metaPair['wp:meta_key']?.trim();
      if (key) this.#meta.set(key, this.#metaPair['wp:meta_value'] ?? '');
      this.#metaPair = null;
    } else if (name === 'wp:comment' && this.#comment) {
      this.#addComment(this.#comment, this.#meta);
      this.#comment = null;
    } else if (name === 'item' && this.#item) {
      this.#finishItem(this.#item);
      this.#item = null;
    }
  }

  take(): SourcePage[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }

  finish(): SourcePage[] {
    return [];
  }

  #addComment(c: Record<string, string>, meta: Map<string, string>): void {
    const id = `wxr:comment:${cleanLine(c['wp:comment_id'] ?? '', 40) || `at-${this.#comments.length + this.#skipped.length + 1}-of-post-${this.#item?.['wp:post_id'] ?? '?'}`}`;
    const type = (c['wp:comment_type'] ?? '').trim();
    if (type === 'pingback' || type === 'trackback') {
      this.#skipped.push({ id, reason: type });
      return;
    }
    const parent = (c['wp:comment_parent'] ?? '0').trim();
    const gmt = parseWpDate(c['wp:comment_date_gmt']);
    const local = gmt ? null : parseWpDate(c['wp:comment_date']);
    const approved = (c['wp:comment_approved'] ?? '').trim();
    const votes = wpDiscuzVotes(meta);
    this.#comments.push({
      sourceId: id,
      parentSourceId: parent && parent !== '0' ? `wxr:comment:${cleanLine(parent, 40)}` : null,
      author: {
        name: cleanLine(c['wp:comment_author'] ?? '', 100),
        email: cleanEmail(c['wp:comment_author_email']),
        url: cleanUrl(c['wp:comment_author_url']),
      },
      createdAt: gmt ?? local,
      ...(local ? { note: { kind: 'date_not_gmt', message: 'No GMT date; the local date was taken as UTC' } } : {}),
      status: STATUS[approved] ?? 'pending',
      body: cleanBody(c['wp:comment_content'] ?? ''),
      isPlainText: true,
      ...(votes ? { votes } : {}),
    });
  }

  #finishItem(item: Record<string, string>): void {
    if (this.#comments.length === 0 && this.#skipped.length === 0) return;
    const postId = cleanLine(item['wp:post_id'] ?? '', 40);
    const link = cleanUrl(item.link);
    this.#done.push({
      sourceId: `wxr:post:${postId || pageKeyOf(link) || 'unknown'}`,
      key: pageKeyOf(link) ?? (postId ? `/?p=${postId}` : ''),
      url: link,
      title: cleanLine(item.title ?? '', 300) || null,
      isLocked: (item['wp:comment_status'] ?? '').trim() === 'closed' ? true : undefined,
      comments: this.#comments,
      skipped: this.#skipped,
    });
    this.#comments = [];
    this.#skipped = [];
  }
}
