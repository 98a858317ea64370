// Child process for the cross-instance audit test: connects to MONGODB_URI, appends argv[2]
// entries in bursts (as an instance under load does), prints "done", exits.
import { connectDatabase, disconnectDatabase } from '../../server/platform/database';
import { createLogger } from '../../server/platform/logger';
import { recordAudit, SYSTEM_ACTOR } from '../../server/audit/service';

const count = Number(process.argv[2]);
const label = process.argv[3]!;
await connectDatabase({ uri: process.env.MONGODB_URI!, poolSize: 8, logger: createLogger('silent') });
for (let start = 0; start < count; start += 25) {
  await Promise.all(Array.from({ length: Math.min(25, count - start) }, (_, k) => recordAudit(SYSTEM_ACTOR, { action: 'test.cross', target: { type: 'test', id: `${label}-${start + k}` }, details: { label, i: start + k } })));
}
await disconnectDatabase();
process.stdout.write('done\n');
