import { createReadStream } from 'node:fs';
import { DisqusReader } from './disqus.ts';
import { readParleyExport } from './parley-format.ts';
import type { ImportFormat, SourcePage } from './source.ts';
import { WxrReader } from './wxr.ts';
import { readXml } from './xml-stream.ts';

/** The pages of a file, one at a time, in the format's own reader; `onBytes` follows the read position. */
export function readPages(format: ImportFormat, path: string, onBytes: (bytes: number) => void): AsyncGenerator<SourcePage> {
  // 256 KiB reads: few enough wake-ups for a 100 MB file, small enough that memory stays flat.
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (format === 'parley') return readParleyExport(input, onBytes);
  return readXml(input, format === 'wxr' ? new WxrReader() : new DisqusReader(), onBytes);
}
