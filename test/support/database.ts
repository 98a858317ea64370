import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../../server/platform/database';
import { createLogger } from '../../server/platform/logger';

export function testDatabaseUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run tests through mocha so test/support/global-setup.ts starts the database');
  return uri;
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
    await connectDatabase({ uri: testDatabaseUri(), dbName: name, poolSize: 10, logger: createLogger('silent') });
  });
  after(async function () {
    this.timeout(60_000);
    if (mongoose.connection.db) await mongoose.connection.db.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  });
  return { name: () => name };
}
