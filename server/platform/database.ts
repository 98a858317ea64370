import mongoose from 'mongoose';
import type { Logger } from './logger';

export interface DatabaseOptions {
  uri: string;
  /** Overrides the database named in the URI (the test harness gives each file its own). */
  dbName?: string;
  poolSize: number;
  /** Opens the whole pool at once (the server: the synchronised start then finds its connections made). Default: one, grown on demand. */
  warmPool?: boolean;
  logger: Logger;
}

/**
 * Connects the process-wide mongoose connection. Timeouts are short enough that a dead
 * database shows up as 503 on /readyz within seconds, and the driver keeps retrying in the
 * background so the app recovers without a restart when the database is back.
 */
export async function connectDatabase(options: DatabaseOptions): Promise<mongoose.Connection> {
  mongoose.set('strictQuery', true);
  mongoose.set('autoIndex', false);
  mongoose.set('autoCreate', true);
  const connection = mongoose.connection;
  closing = false;
  currentLogger = options.logger;
  if (!listening) {
    // Once per process: connectDatabase may run many times (tests), the listeners must not pile up.
    listening = true;
    connection.on('disconnected', () => (closing ? currentLogger?.debug('database connection closed') : currentLogger?.warn('database disconnected')));
    connection.on('reconnected', () => currentLogger?.info('database reconnected'));
  }
  await mongoose.connect(options.uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    maxPoolSize: options.poolSize,
    minPoolSize: options.warmPool ? options.poolSize : 1,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 60_000,
    heartbeatFrequencyMS: 2_000,
  });
  options.logger.info({ db: connection.name }, 'database connected');
  await ensureIndexes(options.logger);
  return connection;
}

/** Creates the indexes every registered model declares (run once at start, idempotent). */
export async function ensureIndexes(logger: Logger): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await model.createIndexes();
    logger.debug({ model: model.modelName }, 'indexes ensured');
  }
}

/** True when the database answers a ping within `timeoutMs`. */
export async function pingDatabase(timeoutMs = 1_500): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) {
    // A dropped connection may still recover: try anyway, the driver reconnects on demand.
    if (!db) return false;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = db.admin().command({ ping: 1 }, { timeoutMS: timeoutMs }).then(() => true);
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([ping.catch(() => false), timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

let closing = false;
let listening = false;
let currentLogger: Logger | undefined;

export async function disconnectDatabase(): Promise<void> {
  closing = true;
  await mongoose.disconnect();
}
