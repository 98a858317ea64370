import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config';
import { createLogger, type Logger } from './platform/logger';
import { connectDatabase, disconnectDatabase } from './platform/database';
import { createApp, type App } from './app';
import { createHttpServer } from './platform/http-limits';
import { completePendingAudits, INTENT_LEASE_MS } from './audit/intents';

export interface RunningServer {
  url: string;
  app: App;
  server: Server;
  /** Stops accepting connections, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

/** Connects the database (MONGODB_URI must be set by now), builds the app and listens. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  if (!config.mongodbUri) throw new ConfigError(['MONGODB_URI: is required to start the server (npm start launches an embedded database)']);
  // The whole pool opened now, so a synchronised start does not also open connections one by one.
  await connectDatabase({ uri: config.mongodbUri, poolSize: config.mongodbPoolSize, warmPool: true, logger });
  const app = createApp({ config, logger });
  const recovered = await app.recover();
  if (recovered.imports || recovered.releases || recovered.audits) logger.warn({ recovered }, 'recovered interrupted work');
  // Audit intents left by a failed append (the change is saved) are completed within a minute.
  const auditSweeper = setInterval(() => {
    completePendingAudits().catch((error: unknown) => logger.warn({ err: error }, 'completing pending audit entries failed'));
  }, INTENT_LEASE_MS);
  auditSweeper.unref();
  const server = await new Promise<Server>((resolve, reject) => {
    // A deep accept queue: at an exam's synchronised start thousands of browsers connect within seconds (the default, 511, drops the rest).
    const s = createHttpServer(app.express, config).listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve(s));
    s.once('error', reject);
  });
  // Dry runs nobody committed expire (any instance may sweep; the sweep is idempotent).
  const sweep = () => void app.transfer.expireStaleDryRuns().catch((error: unknown) => logger.warn({ err: error }, 'expiring stale imports failed'));
  sweep();
  const sweeper = setInterval(sweep, 15 * 60_000);
  sweeper.unref();
  // Attempts past their deadline are closed and scored even when no page is left to submit them.
  let sweeping = false;
  const attemptSweeper = config.sweepIntervalSeconds > 0
    ? setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        app.delivery.sweep().then(
          (n) => { if (n) logger.info({ closed: n }, 'attempts past their deadline closed'); },
          (error: unknown) => logger.warn({ err: error }, 'the attempt sweep failed'),
        ).finally(() => { sweeping = false; });
      }, config.sweepIntervalSeconds * 1000)
    : undefined;
  attemptSweeper?.unref();
  server.once('close', () => {
    clearInterval(sweeper);
    if (attemptSweeper) clearInterval(attemptSweeper);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url }, 'server listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      clearInterval(auditSweeper);
      const idleSweeper = setInterval(() => server.closeIdleConnections(), 100);
      const deadline = setTimeout(() => {
        logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      try {
        await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      } finally {
        clearInterval(idleSweeper);
        clearTimeout(deadline);
      }
      await disconnectDatabase();
      logger.info('shutdown complete');
    })());
  return { url, app, server, close };
}

/** Exits 0 after a clean shutdown on SIGTERM/SIGINT, 1 when shutdown fails. */
export function exitGracefullyOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'signal received');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  try {
    const running = await startServer(config, logger);
    exitGracefullyOnSignals(logger, running.close);
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
