// Walks the audit log's hash chain and reports the first broken link. Exit 0 when intact,
// 1 when broken (the message names the entry), 2 when it could not check.
import mongoose from 'mongoose';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/platform/logger';
import { connectDatabase } from '../server/platform/database';
import { verifyAuditChain } from '../server/audit/service';
import { databaseForCli } from './db/cli-database';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await databaseForCli(config.dataDir);
  try {
    await connectDatabase({ uri: database.uri, poolSize: 2, logger: createLogger('warn') });
    const report = await verifyAuditChain();
    if (report.ok) {
      console.log(`audit chain intact: ${report.checked} entries verified, last seq ${report.lastSeq}, head ${report.lastHash}`);
      return 0;
    }
    const brk = report.firstBreak!;
    console.log(`audit chain BROKEN at seq ${brk.seq}${brk.id ? ` (entry id ${brk.id})` : ''}: ${brk.message}`);
    console.log(`entries 1…${report.lastSeq} verified before the break`);
    return 1;
  } finally {
    await mongoose.disconnect();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
