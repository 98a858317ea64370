import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../../server/platform/database';
import { createLogger } from '../../server/platform/logger';
import { uriWithDatabase } from '../../scripts/db/uri';
import { testDatabase } from './global-setup';

/** The connection string of the run's database server (started on first use). */
export async function testDatabaseUri(): Promise<string> {
  return (await testDatabase()).uri;
}

/** The run's server with `name` as the database, for child processes given MONGODB_URI. */
export async function testDatabaseUriFor(name: string): Promise<string> {
  return uriWithDatabase(await testDatabaseUri(), name);
}

/**
 * Gives the calling `describe` block a database of its own: connected before its tests,
 * dropped after. Names are unique, so files can run in any order.
 */
export function useFreshDatabase(label: string): { name: () => string } {
  let name = '';
  before(async function () {
    this.timeout(60_000);
    name = `t_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 24)}_${randomBytes(4).toString('hex')}`;
    await connectDatabase({ uri: await testDatabaseUri(), dbName: name, poolSize: 10, logger: createLogger('silent') });
  });
  after(async function () {
    this.timeout(60_000);
    if (mongoose.connection.db) await mongoose.connection.db.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return { name: () => name };
}
