import * as path from 'node:path';
import { loadConfig, ConfigError } from './config';

describe('configuration', () => {
  it('falls back to the documented defaults', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.database.url).toBe('postgres://postgres@127.0.0.1:5432/cosite');
    expect(c.redis.url).toBe('redis://127.0.0.1:6379');
    expect(c.http.bodyLimitBytes).toBe(2 * 1024 * 1024);
  });

  it('names the variable and the problem for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL.*postgres:/);
    expect(() => loadConfig({ BODY_LIMIT: 'lots' })).toThrow(/BODY_LIMIT.*512kb/);
  });

  it('trusts no proxy unless told which (sign-in counters key on the client address)', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => loadConfig({ TRUST_PROXY: 'everyone please' })).toThrow(/TRUST_PROXY/);
  });

  it('parses sizes with units', () => {
    expect(loadConfig({ IMPORT_LIMIT: '10mb' }).imports.maxBytes).toBe(10 * 1024 * 1024);
  });
});

describe('the built map UI location', () => {
  it('defaults to frontend/dist at the repository root', () => {
    expect(loadConfig({}).http.frontendDist).toBe(path.resolve(__dirname, '../../../frontend/dist'));
  });
});
