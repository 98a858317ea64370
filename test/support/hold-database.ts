// Child process for the orphan test: starts the embedded database on argv[2], prints "ready",
// and waits to be killed.
import { startDatabase } from '../../scripts/db/launcher';

const handle = await startDatabase({ dataDir: process.argv[2]!, allowExternal: false, preferMongod: false, log: () => undefined });
process.stdout.write(`ready ${handle.kind}\n`);
setInterval(() => undefined, 60_000);
