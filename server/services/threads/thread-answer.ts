import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A content coding the server sends (RFC 9110 §8.4.1); `null` is the identity (no coding). */
export type ContentEncoding = 'br' | 'gzip';

// Below this an answer is one TCP segment either way, and compressing it costs more than it saves.
const MIN_COMPRESSED = 1024;
// Measured on the bench's 27 KB page (1,000-comment thread, page one): brotli 5 → 1.1 KB in
// ~0.12 ms, gzip 6 → 1.4 KB in ~0.14 ms. Brotli 11 saves 0.1 KB more at 44 ms: too dear for a
// thread that changes with every comment; this runs once per version and encoding.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP = { level: 6 };

/**
 * One serialized thread page: the UTF-8 bytes of its JSON, and the same bytes compressed, each
 * computed on the first request that asks for that coding and kept with the answer (so kept as
 * long as the thread cache keeps the page). Browsers always accept gzip and brotli: the widget's
 * read is then a few kilobytes of ready bytes instead of tens.
 */
export class ThreadAnswer {
  #br: Uint8Array<ArrayBuffer> | undefined;
  #gzip: Uint8Array<ArrayBuffer> | undefined;

  constructor(readonly identity: Uint8Array<ArrayBuffer>) {}

  /** The coding to send for what the client accepts: none for a small answer. */
  encodingFor(accepted: ContentEncoding | null): ContentEncoding | null {
    return this.identity.byteLength < MIN_COMPRESSED ? null : accepted;
  }

  /** The bytes in `encoding` (from `encodingFor`). */
  bytes(encoding: ContentEncoding | null): Uint8Array<ArrayBuffer> {
    if (encoding === 'br') return (this.#br ??= brotliCompressSync(this.identity, BROTLI));
    if (encoding === 'gzip') return (this.#gzip ??= gzipSync(this.identity, GZIP));
    return this.identity;
  }
}
