import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './settings.ts';

export type { Logger };

/** A logger that writes nothing: the default for `createApp`, so tests stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * JSON lines on stdout, one object per event; on a terminal, pino-pretty's readable lines when it is
 * installed (a development dependency: the production image has no terminal and no pino-pretty).
 */
export function createLogger(level: LogLevel, isTerminal = Boolean(process.stdout.isTTY)): Logger {
  const base = { level, base: { service: 'parley' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (isTerminal) {
    try {
      createRequire(import.meta.url).resolve('pino-pretty');
      return pino({ ...base, transport: { target: 'pino-pretty', options: { ignore: 'service,pid,hostname', translateTime: 'SYS:HH:MM:ss' } } });
    } catch {
      // not installed: plain JSON is fine
    }
  }
  return pino(base);
}
