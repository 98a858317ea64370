import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { useFreshDatabase, testDatabaseUriFor } from '../../support/database';
import { AuditEntryModel } from '../../../server/audit/model';
import { verifyAuditChain } from '../../../server/audit/service';

const CHILD = path.resolve(import.meta.dirname, '../../support/append-audits.ts');

function appendFrom(uri: string, count: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(count), label], { env: { ...process.env, MONGODB_URI: uri }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 && out.includes('done') ? resolve() : reject(new Error(`appender ${label} exited ${code}`))));
  });
}

describe('audit log: group commit across instances', function () {
  this.timeout(180_000);
  const db = useFreshDatabase('audit_cross');

  it('three processes appending bursts at once give one gap-free chain with every entry', async () => {
    const uri = await testDatabaseUriFor(db.name());
    await Promise.all(['a', 'b', 'c'].map((label) => appendFrom(uri, 150, label)));
    const entries = await AuditEntryModel.find({ action: 'test.cross' }, { seq: 1, details: 1 }).lean();
    expect(entries).to.have.length(450);
    const seqs = (await AuditEntryModel.find({}, { seq: 1 }).sort({ seq: 1 }).lean()).map((e) => e.seq);
    expect(seqs).to.deep.equal(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const report = await verifyAuditChain();
    expect(report.ok, JSON.stringify(report)).to.equal(true);
  });
});
