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

describe('MAX_PERSONS_IN_FLIGHT and ADMISSION_WAIT_MS', () => {
  it('default to a budget that admits two largest operations, and a 3 s wait', () => {
    const { limits } = loadConfig({});
    expect(limits.admissionWaitMs).toBe(3000);
    expect(limits.maxPersonsInFlight * 0.9).toBeGreaterThanOrEqual(
      2 * limits.maxPersonsPerOperation,
    );
  });

  it('refuse a budget that could never admit the largest operation, saying the least', () => {
    let caught: unknown;
    try {
      loadConfig({ MAX_PERSONS_IN_FLIGHT: '10000' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain('MAX_PERSONS_IN_FLIGHT');
    expect((caught as ConfigError).message).toContain('at least 11112');
    expect(
      loadConfig({ MAX_PERSONS_IN_FLIGHT: '1000', MAX_PERSONS_PER_OPERATION: '900' }).limits
        .maxPersonsInFlight,
    ).toBe(1000);
  });
});
