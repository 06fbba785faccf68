import { LoggerService, LogLevel } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { currentCorrelationId } from './request-context';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
/** Nest's level names on pino's levels, printed under Nest's names (the log shape operators know). */
const TO_PINO: Record<LogLevel, pino.Level> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};
const FROM_PINO: Record<string, LogLevel> = { trace: 'verbose', debug: 'debug', info: 'log', warn: 'warn', error: 'error', fatal: 'fatal' };

/**
 * What never reaches a log line, wherever it appears in a logged object: bearer tokens and other
 * credentials (access-log request headers included).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'authorization',
  'token',
  'accessToken',
  'password',
  '*.token',
  '*.accessToken',
  '*.password',
];

/**
 * The one logger of every process: pino, one JSON object per line on stdout, `time` (ISO),
 * `level` (Nest's names), `service`, `context`, `correlationId` and `msg`, so logs of the api,
 * worker and projector can be joined with the events they wrote. The access log (access-log.ts) writes
 * through the same pino instance.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(
    readonly service: string,
    level: LogLevel = 'log',
    destination: DestinationStream = process.stdout,
  ) {
    this.pino = pino(
      {
        level: TO_PINO[level] ?? 'info',
        base: { service },
        messageKey: 'msg',
        timestamp: () => `,"time":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: FROM_PINO[label] ?? label }) },
        redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      },
      destination,
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.pino.level = TO_PINO[LEVELS[Math.min(...levels.map((l) => LEVELS.indexOf(l)))] ?? 'log'];
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    const method = TO_PINO[level];
    if (!this.pino.isLevelEnabled(method)) return;
    // Nest passes the context (class name) last, and for errors a stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const entry: Record<string, unknown> = { context, correlationId: currentCorrelationId() };
    let msg: string | undefined;
    if (message instanceof Error) {
      msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      msg = String(message);
    }
    if (stack) entry.stack = stack;
    this.pino[method](entry, msg);
  }
}
