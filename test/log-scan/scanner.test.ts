// The log scanner itself: it finds planted synthetic personal data of every kind, reports it
// masked, and stays quiet on ordinary log and audit lines (pseudonyms, request ids, timestamps).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildFregDocument } from '../../src/simulator/freg-records.ts';
import { generatePopulation } from '../../src/simulator/population.ts';
import {
  describeFindings,
  personalValuesOf,
  populationMatcher,
  scanLines,
  ValueMatcher,
} from './scanner.ts';

const population = generatePopulation({ size: 300, seed: 1, now: Date.parse('2026-01-01') });
const matcher = populationMatcher(population, ['Kari Nordmann', 'Storgata 12B']);

const CLEAN_LINES = [
  '{"level":"info","time":"2026-11-23T00:40:13.601Z","service":"person-subgraph","event":"operation","requestId":"94a577a5-e393-48e0-927c-ff631d172b56","operationName":"Drain","outcome":"ok","durationMs":87,"persons":20,"errorCodes":{},"msg":"operation served"}',
  '{"level":"warn","time":"2026-11-23T00:40:13.601Z","event":"upstream_failure","upstream":"krr","requestId":"12345678-1234-4234-8234-123456789012","identifiers":1000,"code":"UPSTREAM_UNAVAILABLE","status":503,"msg":"krr lookup failed for 1000 persons"}',
  '{"level":"error","err":{"type":"Error","message":"boom","stack":"Error: boom\\n    at send (/work/main/src/upstream/register-request.ts:231:20)\\n    at node:internal/process/task_queues:90:21"},"msg":"GraphQL request failed"}',
  '{"level":"info","requestId":"2f83562b-ab75-4c49-b84b-44713301488a","msg":"uuid with a digit run"}',
  '{"level":"info","event":"started","url":"http://127.0.0.1:37197/graphql","mode":"upstream","msg":"GraphQL endpoint: http://127.0.0.1:37197/graphql"}',
];

function auditLine(persons: unknown[]): string {
  return JSON.stringify({
    level: 'info',
    stream: 'audit',
    event: 'person_lookup',
    requestId: 'r-1',
    caller: { subject: 'dev-user', clientId: 'dev-client' },
    personCount: persons.length,
    persons,
  });
}

describe('scanLines', () => {
  it('finds nothing in ordinary log lines and audit lines with pseudonyms', () => {
    const pseudonyms = population.ids.map((id) =>
      createHmac('sha256', 'synthetic-test-key').update(id).digest('base64url'),
    );
    const report = scanLines([...CLEAN_LINES, auditLine(pseudonyms)], 'clean', matcher);
    expect(report.findings).toEqual([]);
    expect(report.lines).toBe(CLEAN_LINES.length + 1);
  });

  it('finds every kind of planted personal data, masked', () => {
    const [id] = population.ids as [string];
    const emailPerson = population.get(population.cases.emailOnly[0] as string);
    const email = emailPerson?.krr?.epost?.value as string;
    const mailboxPerson = population.get(population.cases.mailbox[0] as string);
    const mailbox = mailboxPerson?.krr?.digitalPost?.adresse as string;
    const planted = {
      'identity-number': `{"msg":"lookup of ${id} failed"}`,
      email: `{"msg":"bounce from ${email}"}`,
      phone: '{"msg":"sms to +47 41234567"}',
      jwt: '{"header":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}',
      pem: '{"cert":"-----BEGIN CERTIFICATE-----\\nMIIB"}',
      'population-value': `{"msg":"mailbox ${mailbox} and Kari Nordmann at Storgata 12B"}`,
    };
    const bare = '{"msg":"call 91234567 now"}';
    const report = scanLines([...CLEAN_LINES, ...Object.values(planted), bare], 'planted', matcher);
    expect(report.counts).toMatchObject({
      'identity-number': 1,
      email: 1,
      phone: 2,
      jwt: 1,
      pem: 1,
    });
    // The mailbox address, the name and the street address (the e-mail is counted as e-mail).
    expect(report.counts['population-value']).toBeGreaterThanOrEqual(3);
    const message = describeFindings(report);
    for (const value of [id, email, '41234567', mailbox, 'Kari Nordmann', 'Storgata 12B'])
      expect(message).not.toContain(value);
    expect(message).toContain('identity-number at planted:6');
  });

  it('flags an audit line whose persons are not pseudonyms', () => {
    const [id] = population.ids as [string];
    const report = scanLines([auditLine([id])], 'audit', matcher);
    expect(report.counts['audit-shape']).toBe(1);
  });
});

describe('population values', () => {
  it('collects e-mail addresses and mailbox addresses, not enum values or timestamps', () => {
    const person = population.get(population.cases.mailbox[0] as string);
    expect(person).toBeDefined();
    const values = personalValuesOf(person as NonNullable<typeof person>);
    expect(values).toContain(person?.krr?.digitalPost?.adresse);
    expect(values).not.toContain('offset-hour');
    expect(values).not.toContain('AKTIV');
  });

  it('collects names and street addresses from the Folkeregisteret document', () => {
    const person = population.get(population.ids[3] as string);
    if (person === undefined) throw new Error('no person');
    const document = buildFregDocument(person, person.freg);
    const navn = (document['navn'] as { etternavn?: string }[] | undefined)?.[0]?.etternavn;
    expect(navn).toBeDefined();
    expect(personalValuesOf(person)).toContain(navn);
    const report = scanLines([`{"msg":"hello ${navn as string}"}`], 'freg', matcher);
    expect(report.counts['population-value']).toBe(1);
    expect(describeFindings(report)).not.toContain(navn as string);
  });

  it('matches whole words only, case-sensitively', () => {
    const m = new ValueMatcher(['Anna Berg', 'Ole']);
    expect(m.find('{"msg":"Anna Berg"}')).toEqual(['Anna Berg']);
    expect(m.find('{"msg":"Anna Bergen"}')).toEqual([]);
    expect(m.find('{"msg":"console"}')).toEqual([]);
    expect(m.find('{"msg":"ole"}')).toEqual([]);
    expect(m.find('{"code":"Ole_X"}')).toEqual([]);
  });
});
