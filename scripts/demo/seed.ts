import type { Logger } from '../../server/platform/logger';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
}

/** Seeds the demo content once (idempotent) and returns the demo accounts to print. */
export async function seedDemoData(_options: { logger: Logger; log: (line: string) => void }): Promise<DemoAccount[]> {
  return [];
}
