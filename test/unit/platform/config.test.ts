import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../../server/config';

describe('config', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.host).to.equal('127.0.0.1');
    expect(config.jwtTtlSeconds).to.equal(8 * 3600);
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.enableTestRoutes).to.equal(false);
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x', JWT_TTL_SECONDS: String(13 * 3600) });
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const text = (error as ConfigError).problems.join('\n');
      expect(text).to.match(/PORT/);
      expect(text).to.match(/MONGODB_URI: must start with mongodb/);
      expect(text).to.match(/JWT_TTL_SECONDS: tokens may live at most 12 hours/);
    }
  });

  it('requires a JWT secret and forbids test routes in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ENABLE_TEST_ROUTES: '1' }))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.includes.members(['JWT_SECRET: is required in production', 'ENABLE_TEST_ROUTES: must not be set in production']);
  });

  it('parses booleans and numbers from strings', () => {
    const config = loadConfig({ TRUST_PROXY: 'true', MONGODB_POOL_SIZE: '7', PORT: '0' });
    expect(config.trustProxy).to.equal(true);
    expect(config.mongodbPoolSize).to.equal(7);
    expect(config.port).to.equal(0);
  });
});
