import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.ts';
import { AuditTrail, Pseudonymiser } from '../../../src/observability/audit.ts';
import { Lines } from '../../support/lines.ts';

const KEY = 'synthetic-audit-key-for-tests';
const IDS = ['41818012345', '55868900123'];

describe('AuditTrail', () => {
  it('writes persons only as HMAC-SHA256 pseudonyms an auditor holding the key can recompute', async () => {
    const stream = new Lines();
    const trail = new AuditTrail({ hmacKey: new Secret(KEY), destination: 'stdout', stream });
    trail.record({
      requestId: '0b6c1e9a-2f4d-4c6e-9a1b-3c5d7e9f1a2b',
      caller: { subject: 'client', clientId: 'frontend' },
      operationName: 'Oppslag',
      fieldGroups: ['person:kontaktinformasjon.read'],
      registers: ['krr'],
      identifiers: IDS,
      outcome: 'ok',
      errorCodes: {},
    });
    await trail.flush();
    expect(stream.lines).toHaveLength(1);
    const line = stream.lines[0]!;
    for (const id of IDS) expect(line).not.toContain(id);
    const event = JSON.parse(line) as { stream: string; personCount: number; persons: string[] };
    expect(event.stream).toBe('audit');
    expect(event.personCount).toBe(2);
    const expected = IDS.map((id) => createHmac('sha256', KEY).update(id).digest('base64url'));
    expect(event.persons).toEqual(expected);
  });

  it('pseudonymises a caller subject that holds an identity number, and keeps others', async () => {
    const stream = new Lines();
    const trail = new AuditTrail({ hmacKey: new Secret(KEY), destination: 'stdout', stream });
    const event = {
      requestId: '0b6c1e9a-2f4d-4c6e-9a1b-3c5d7e9f1a2b',
      operationName: null,
      fieldGroups: [],
      registers: [],
      identifiers: [],
      outcome: 'ok' as const,
      errorCodes: {},
    };
    trail.record({ ...event, caller: { subject: IDS[0]!, clientId: 'frontend' } });
    trail.record({ ...event, caller: { subject: 'a1b2-c3', clientId: null } });
    await trail.flush();
    expect(stream.lines.join('\n')).not.toContain(IDS[0]);
    const [first, second] = stream.lines.map(
      (line) =>
        (JSON.parse(line) as { caller: { subject: string; clientId: string | null } }).caller,
    );
    expect(first).toEqual({
      subject: `hmac:${createHmac('sha256', KEY).update(IDS[0]!).digest('base64url')}`,
      clientId: 'frontend',
    });
    expect(second).toEqual({ subject: 'a1b2-c3', clientId: null });
  });
});

describe('Pseudonymiser', () => {
  const keys = [
    '',
    'k',
    KEY,
    'x'.repeat(63),
    'x'.repeat(64),
    'x'.repeat(65),
    'ø'.repeat(40),
    'z'.repeat(200),
  ];
  // Around the 64-byte message buffer, in characters of 1, 2, 3 and 4 UTF-8 bytes; a short one
  // after a long one, so nothing is left over from the buffer's previous use.
  const messages = [
    '',
    ...IDS,
    'a'.repeat(64),
    'a'.repeat(65),
    'ø'.repeat(32),
    'ø'.repeat(33),
    '€'.repeat(21),
    '€'.repeat(22),
    '😀'.repeat(16),
    '😀'.repeat(17),
    '1',
    'sub-with-41818012345-inside',
  ];

  it('gives createHmac-SHA256 in base64url for keys and messages of every length class', () => {
    for (const key of keys) {
      const pseudonymiser = new Pseudonymiser(key);
      const actual = messages.map((message) => pseudonymiser.pseudonym(message));
      const expected = messages.map((message) =>
        createHmac('sha256', key).update(message).digest('base64url'),
      );
      expect(actual).toEqual(expected);
    }
  });

  it('gives createHmac-SHA256 in base64url over 2000 generated identifiers', () => {
    const pseudonymiser = new Pseudonymiser(KEY);
    for (let i = 0; i < 2000; i++) {
      const id = String(41_000_000_000 + i * 7_919_113);
      expect(pseudonymiser.pseudonym(id)).toBe(
        createHmac('sha256', KEY).update(id).digest('base64url'),
      );
    }
  });
});
