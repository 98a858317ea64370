// Walks the audit log's hash chain and reports the first broken link. Exit 0 when intact,
// 1 when broken (the message names the entry), 2 when it could not check.
import { verifyAuditChain } from '../server/audit/service';
import { runCliCommand } from './db/cli-database';

runCliCommand(
  async () => {
    const report = await verifyAuditChain();
    if (report.ok) {
      console.log(`audit chain intact: ${report.checked} entries verified, last seq ${report.lastSeq}, head ${report.lastHash}`);
      return 0;
    }
    const brk = report.firstBreak!;
    console.log(`audit chain BROKEN at seq ${brk.seq}${brk.id ? ` (entry id ${brk.id})` : ''}: ${brk.message}`);
    console.log(`entries 1…${report.lastSeq} verified before the break`);
    return 1;
  },
  { failurePrefix: 'audit:verify could not run: ', failureCode: 2 },
);
