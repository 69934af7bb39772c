import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.ts';
import { AuditTrail, auditPseudonym } from '../../../src/observability/audit.ts';

class Lines extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(line);
    callback();
  }
}

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
    expect(IDS.map((id) => auditPseudonym(new Secret(KEY), id))).toEqual(expected);
  });
});
