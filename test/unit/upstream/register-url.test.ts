import { describe, expect, it } from 'vitest';
import { registerUrl } from '../../../src/upstream/register-url.ts';

describe('registerUrl', () => {
  it.each([
    [
      'https://kontaktregisteret.no',
      '/rest/v2/personer',
      'https://kontaktregisteret.no/rest/v2/personer',
    ],
    [
      'https://kontaktregisteret.no/',
      '/rest/v2/personer',
      'https://kontaktregisteret.no/rest/v2/personer',
    ],
    [
      'https://gw.example.no/krr',
      '/rest/v2/personer',
      'https://gw.example.no/krr/rest/v2/personer',
    ],
    [
      'https://gw.example.no/krr/',
      'rest/v2/personer',
      'https://gw.example.no/krr/rest/v2/personer',
    ],
    ['http://127.0.0.1:8080/a/b?x=1#f', '/c', 'http://127.0.0.1:8080/a/b/c'],
  ])('appends to the base path: %s + %s', (base, path, expected) => {
    expect(registerUrl(new URL(base), path).href).toBe(expected);
  });
});
