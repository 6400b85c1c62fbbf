import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { AppError } from '../../errors.ts';

/** Receives a document's elements one at a time; `take` hands over whatever items are complete. */
export interface XmlReader<T> {
  open(name: string, attributes: Record<string, string>): void;
  text(text: string): void;
  close(name: string): void;
  /** Items completed since the last call. */
  take(): T[];
  /** Items held back until the end of the document (Disqus lists posts after all threads). */
  finish(): T[];
}

/**
 * Streams XML through saxes (no DOM: memory is what the reader keeps, not the file's size) and yields
 * items as they complete. A DOCTYPE that declares entities or names an external DTD is refused
 * before anything is read past it: saxes never expands external entities, and an export from
 * WordPress or Disqus never has a DOCTYPE, so refusing is safer than parsing one (billion laughs).
 */
export async function* readXml<T>(input: Readable, reader: XmlReader<T>, onBytes?: (bytes: number) => void): AsyncGenerator<T> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw refused('The file declares XML entities (<!ENTITY> in its DOCTYPE); entity expansion is refused. Export the file again from WordPress or Disqus.');
    }
    if (/\b(SYSTEM|PUBLIC)\b/.test(doctype)) {
      throw refused('The file refers to an external DTD or entity (SYSTEM/PUBLIC in its DOCTYPE); external entities are never fetched. Remove the DOCTYPE line.');
    }
  });
  parser.on('opentag', (tag) => reader.open(tag.name, tag.attributes as Record<string, string>));
  parser.on('text', (t) => reader.text(t));
  parser.on('cdata', (t) => reader.text(t));
  parser.on('closetag', (tag) => reader.close(tag.name));

  // UTF-8 split across chunks is joined by the decoder; one per call, as imports may overlap.
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  try {
    for await (const chunk of input) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      bytes += buffer.length;
      parser.write(decoder.decode(buffer, { stream: true }));
      onBytes?.(bytes);
      yield* reader.take();
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refused(`The file is not well-formed XML: ${(error as Error).message.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  yield* reader.take();
  yield* reader.finish();
}

export const refused = (message: string) => new AppError('import_refused', message, 'file');
