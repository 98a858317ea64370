// Checks a downloaded certificate credential offline: `npm run cert:verify -- <file.jwt> [--jwks <jwks.json>]`.
// The key is a saved copy of the issuer's /.well-known/jwks.json; without --jwks, the key is
// derived from DATA_KEY (on the issuer's own machine). Exit 0: valid; 1: invalid; 2: usage.
import { readFileSync } from 'node:fs';
import { checkCredential } from '../server/certificates/offline-check';
import { deriveCertificateKeys } from '../server/certificates/keys';

function main(): number {
  const args = process.argv.slice(2);
  const jwksAt = args.indexOf('--jwks');
  const jwksFile = jwksAt >= 0 ? args[jwksAt + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && i !== jwksAt + 1);
  if (!file || (jwksAt >= 0 && !jwksFile)) {
    console.error('usage: npm run cert:verify -- <credential.jwt> [--jwks <jwks.json>]');
    return 2;
  }
  let jwks;
  if (jwksFile) jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
  else if (process.env.DATA_KEY) jwks = { keys: [deriveCertificateKeys(process.env.DATA_KEY).publicJwk] };
  else {
    console.error('give the issuer key with --jwks <file> (a saved copy of /.well-known/jwks.json), or set DATA_KEY');
    return 2;
  }
  const result = checkCredential(readFileSync(file, 'utf8'), jwks);
  if (!result.valid) {
    console.log(`INVALID: ${result.reason}`);
    return 1;
  }
  console.log(`VALID: 证书编号 ${result.number} · ${result.name} · ${result.achievement} · ${result.issuer} · issued ${result.issuanceDate}`);
  console.log(`Revocation: bit ${result.statusIndex} of ${result.statusList} (check online when you can)`);
  return 0;
}

process.exit(main());
