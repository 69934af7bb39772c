import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.ts';
import { loadConfig } from '../../../src/config/load-config.ts';

describe('AUTH_TOKEN_CACHE_MS', () => {
  it('defaults to 30 seconds and may be turned off with 0', () => {
    expect(loadConfig({}).callerTokens.verifiedCacheMs).toBe(30_000);
    expect(loadConfig({ AUTH_TOKEN_CACHE_MS: '0' }).callerTokens.verifiedCacheMs).toBe(0);
  });

  it.each(['-1', 'soon', '300001'])('refuses %s, naming the variable', (value) => {
    let caught: unknown;
    try {
      loadConfig({ AUTH_TOKEN_CACHE_MS: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain('AUTH_TOKEN_CACHE_MS');
  });
});
