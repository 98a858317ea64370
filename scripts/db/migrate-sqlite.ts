// `npm run db:migrate-sqlite`: moves the data of the former embedded default (FerretDB on
// SQLite, in <DATA_DIR>/ferretdb) into the new one (FerretDB over PostgreSQL, <DATA_DIR>/pg),
// through the MongoDB driver: every database, collection, index and document. Counts are
// checked per collection; only then is the old directory renamed `ferretdb.migrated`. Nothing
// is deleted, and a run that fails leaves the old data as it was.
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startDatabase, LauncherError, type DatabaseHandle } from './launcher';
import { clusterVersion } from './postgres-cluster';

const SYSTEM_DATABASES = new Set(['admin', 'local', 'config']);
const BATCH = 500;

export interface MigrationReport {
  databases: number;
  collections: Array<{ database: string; collection: string; documents: number; indexes: number }>;
  movedTo: string;
}

type Log = (line: string) => void;

async function copyCollection(source: mongoose.mongo.Db, target: mongoose.mongo.Db, name: string): Promise<{ documents: number; indexes: number }> {
  const from = source.collection(name);
  const to = target.collection(name);
  let indexes = 0;
  await target.createCollection(name).catch((error: { codeName?: string }) => {
    if (error.codeName !== 'NamespaceExists') throw error;
  });
  for (const index of await from.listIndexes().toArray()) {
    if (index.name === '_id_') continue;
    const { key, name: indexName, unique } = index as { key: Record<string, 1 | -1>; name: string; unique?: boolean };
    await to.createIndex(key, { name: indexName, ...(unique ? { unique: true } : {}) });
    indexes++;
  }
  let batch: mongoose.mongo.Document[] = [];
  let documents = 0;
  for await (const doc of from.find({})) {
    batch.push(doc);
    if (batch.length >= BATCH) {
      await to.insertMany(batch, { ordered: false });
      documents += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await to.insertMany(batch, { ordered: false });
    documents += batch.length;
  }
  const [was, is] = await Promise.all([from.countDocuments(), to.countDocuments()]);
  if (was !== is || is !== documents) throw new LauncherError(`${source.databaseName}.${name}: ${was} documents in SQLite, ${is} after copying. Nothing was renamed; the SQLite data is untouched.`);
  return { documents, indexes };
}

export async function migrateSqliteData(dataDir: string, log: Log = (line) => console.log(line)): Promise<MigrationReport> {
  const root = path.resolve(dataDir);
  const sqliteDir = path.join(root, 'ferretdb');
  if (!existsSync(sqliteDir)) throw new LauncherError(`No SQLite data to migrate: ${sqliteDir} does not exist.`);
  if (clusterVersion(path.join(root, 'pg')) !== undefined) {
    throw new LauncherError(`${path.join(root, 'pg')} holds a PostgreSQL cluster already; the migration only fills a new one. Move it away first if the SQLite data is the one to keep.`);
  }
  let source: DatabaseHandle | undefined;
  let target: DatabaseHandle | undefined;
  const report: MigrationReport = { databases: 0, collections: [], movedTo: `${sqliteDir}.migrated` };
  try {
    source = await startDatabase({ dataDir: root, backend: 'sqlite', allowExternal: false, preferMongod: false, quiet: true, log });
    target = await startDatabase({ dataDir: root, backend: 'postgresql', allowExternal: false, preferMongod: false, ignoreLegacySqlite: true, log });
    const from = await new mongoose.mongo.MongoClient(source.uri).connect();
    const to = await new mongoose.mongo.MongoClient(target.uri).connect();
    try {
      const { databases } = await from.db('admin').admin().listDatabases();
      for (const { name: database } of databases) {
        if (SYSTEM_DATABASES.has(database)) continue;
        report.databases++;
        for (const { name: collection } of await from.db(database).listCollections({}, { nameOnly: true }).toArray()) {
          const copied = await copyCollection(from.db(database), to.db(database), collection);
          report.collections.push({ database, collection, ...copied });
          log(`  ${database}.${collection}: ${copied.documents} documents, ${copied.indexes} indexes`);
        }
      }
    } finally {
      await from.close();
      await to.close();
    }
  } catch (error) {
    await source?.stop();
    await target?.stop();
    // The cluster was made by this run: remove it, so that the next start finds the SQLite
    // data and says so again, rather than a half-filled PostgreSQL database.
    rmSync(path.join(root, 'pg'), { recursive: true, force: true });
    rmSync(path.join(root, 'postgresql.secret'), { force: true });
    throw error;
  }
  await source.stop();
  await target.stop();
  renameSync(sqliteDir, report.movedTo);
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = process.env.DATA_DIR ?? './data';
  migrateSqliteData(dataDir).then(
    (report) => {
      const documents = report.collections.reduce((sum, c) => sum + c.documents, 0);
      console.log(`Migrated ${documents} documents in ${report.collections.length} collections of ${report.databases} databases into PostgreSQL.`);
      console.log(`The SQLite files are kept in ${report.movedTo}; delete them once you are satisfied.`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
