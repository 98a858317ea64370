import { pino, type Logger, type LevelWithSilent } from 'pino';
import { currentRequestContext } from './request-context';

export type { Logger };

/**
 * The process logger. Every line written while a request is being served carries
 * its `reqId`, including lines from services that never see `req`.
 */
export function createLogger(level: LevelWithSilent, destination?: pino.DestinationStream, format: 'json' | 'pretty' = 'json'): Logger {
  if (format === 'pretty' && !destination) {
    destination = pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,req,res', singleLine: true } }) as pino.DestinationStream;
  }
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin(_object, _level, logger) {
        const context = currentRequestContext();
        // Request loggers (req.log) already carry reqId in their bindings.
        if (!context || (logger as Logger | undefined)?.bindings?.().reqId) return {};
        return { reqId: context.requestId };
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
