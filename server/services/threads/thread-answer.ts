import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** A content coding the server sends (RFC 9110 §8.4.1); `null` is the identity (no coding). */
export type ContentEncoding = 'br' | 'gzip';

// Below this an answer is one TCP segment either way, and compressing it costs more than it saves.
const MIN_COMPRESSED = 1024;
// Brotli 5 and gzip 6: on the bench's 27 KB page (short seeded comments) 1.1 KB and 1.4 KB in about
// 0.1 ms each; on a page of real-looking comments (55 KB) about 10 KB and 11 KB in a millisecond or
// two. Brotli 11 saves a few percent more at 40× the time: too dear for a thread that changes with
// every comment, since this runs once per version and coding.
const compressors: Record<ContentEncoding, (bytes: Uint8Array) => Promise<Buffer>> = {
  br: (bytes) => promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } }),
  gzip: (bytes) => promisify(gzip)(bytes, { level: 6 }),
};

/**
 * One serialized thread page: the UTF-8 bytes of its JSON, and the same bytes compressed, each
 * made once, when a request first asks for that coding, and kept with the answer (as long as the
 * thread cache keeps the page). Compression runs on libuv's thread pool, not the event loop: on a
 * busy article every new comment makes a new version. Browsers always accept gzip and brotli, so
 * the widget's read is a few kilobytes of ready bytes instead of tens.
 */
export class ThreadAnswer {
  readonly #encoded = new Map<ContentEncoding, Uint8Array<ArrayBuffer>>();
  readonly #encoding = new Map<ContentEncoding, Promise<Uint8Array<ArrayBuffer>>>();

  constructor(readonly identity: Uint8Array<ArrayBuffer>) {}

  /** The coding to send for what the client accepts: none for a small answer. */
  encodingFor(accepted: ContentEncoding | null): ContentEncoding | null {
    return this.identity.byteLength < MIN_COMPRESSED ? null : accepted;
  }

  /** The bytes in `encoding` (from `encodingFor`) when they are made already; else `undefined`. */
  ready(encoding: ContentEncoding | null): Uint8Array<ArrayBuffer> | undefined {
    return encoding ? this.#encoded.get(encoding) : this.identity;
  }

  /** The bytes in `encoding`, made once however many requests ask at the same moment. */
  bytes(encoding: ContentEncoding | null): Promise<Uint8Array<ArrayBuffer>> {
    if (!encoding) return Promise.resolve(this.identity);
    let made = this.#encoding.get(encoding);
    if (!made) {
      made = compressors[encoding](this.identity).then((buffer) => {
        // A copy of its own size: zlib's result may be a view into a larger output buffer.
        const bytes = new Uint8Array(buffer);
        this.#encoded.set(encoding, bytes);
        return bytes;
      });
      // A failure is not kept: the next request tries again.
      made.catch(() => this.#encoding.delete(encoding));
      this.#encoding.set(encoding, made);
    }
    return made;
  }
}
