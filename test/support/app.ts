import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/platform/logger';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    jwtSecret: TEST_JWT_SECRET,
    dataKey: 'test-data-key-test-data-key-test-data-key-0123',
    bcryptCost: 10,
    ...overrides,
  };
}

export function buildTestApp(overrides: Partial<Config> = {}): App {
  const config = testConfig(overrides);
  return createApp({ config, logger: createLogger(config.logLevel) });
}

/** Serves the app on an ephemeral loopback port (for Chromium tests). */
export async function listen(app: App): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.express.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
