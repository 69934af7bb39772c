// The end-to-end checks every gateway must pass: the register simulator, the person subgraph and
// the case subgraph run on loopback, a real gateway composes them, and operations go through the
// gateway only. What differs between gateways (error paths, code wrapping, who enforces
// @requiresScopes) is declared per gateway in a GatewayProfile and recorded in docs/gateways.md.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/simulator/index.ts';
import {
  ALL_CALLER_SCOPES,
  startSubgraph,
  startTestSimulator,
  type Subgraph,
} from '../../integration/support/stack.ts';
import {
  buildCases,
  CASES_SDL,
  startCasesSubgraph,
  type CasesSubgraph,
  type Sak,
} from './cases-subgraph.ts';
import { fetchServedSdl, requireSupergraph } from './supergraph.ts';

/** What a gateway needs to start: the composed supergraph and the subgraphs behind it. */
export interface GatewayInputs {
  readonly supergraphSdl: string;
  /** The same supergraph, written to a file. */
  readonly supergraphFile: string;
  readonly person: { readonly url: string; readonly sdl: string; readonly sdlFile: string };
  readonly cases: { readonly url: string; readonly sdlFile: string };
  /** The caller identity provider, for gateways that verify tokens themselves. */
  readonly idp: { readonly jwksUri: string; readonly issuer: string; readonly audience: string };
  /** A private scratch folder, removed after the suite. */
  readonly workDir: string;
}

export interface RunningGateway {
  /** The gateway's GraphQL endpoint. */
  readonly url: string;
  close(): Promise<void>;
}

/** How a gateway is known to behave; the suite asserts exactly this. */
export interface GatewayProfile {
  readonly name: string;
  /** Serve the person subgraph's SDL with @authenticated / @requiresScopes. */
  readonly authDirectives: boolean;
  /**
   * Null when the gateway can run here; otherwise why not (the suite is then skipped and the
   * reason printed).
   */
  readonly unavailable: () => string | null;
  start(inputs: GatewayInputs): Promise<RunningGateway>;
  readonly expect: {
    /** Path of the error for an invalid identifier in case `i`, selecting `field` on `part`. */
    invalidIdentifierPath(i: number, field: string): readonly (string | number)[];
    /** Where the subgraph's extensions.code ends up. */
    readonly codeAt: 'extensions.code' | 'extensions.upstream_extensions.code';
    /** Who turns a denied field into null + error, and how many errors for N persons. */
    readonly denial:
      | { readonly by: 'subgraph'; readonly code: 'FORBIDDEN' }
      | { readonly by: 'gateway'; readonly code: string; readonly perItem: true };
    /** Errors for a caller without a token, for N cases: one in all or one per case. */
    readonly unauthenticated: { readonly code: string; readonly perItem: boolean };
  };
}

interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
interface GatewayResponse {
  readonly status: number;
  readonly body: { data?: Record<string, unknown> | null; errors?: GraphqlError[] };
}

interface CaseResult {
  saksnummer: string;
  part: Record<string, unknown> | null;
}

/** Cases in the suite: 1500 distinct known persons, 1 unknown, 3 invalid, the rest duplicates. */
const CASE_COUNT = 2500;
const DISTINCT_KNOWN = 1500;
const INVALID_IDS = ['12345678901', 'abc', '1234567890'];
const IDENTITY_NUMBER = /\d{11}/;

/** The subgraph's extensions as the gateway passed them on (top-level or nested). */
function extensionsOf(
  error: GraphqlError,
  at: GatewayProfile['expect']['codeAt'],
): Record<string, unknown> | undefined {
  if (at === 'extensions.code') return error.extensions;
  const upstream = error.extensions?.['upstream_extensions'];
  return typeof upstream === 'object' && upstream !== null
    ? (upstream as Record<string, unknown>)
    : undefined;
}

function codeOf(error: GraphqlError, at: GatewayProfile['expect']['codeAt']): unknown {
  return extensionsOf(error, at)?.['code'];
}

/** Registers the suite for one gateway. */
export function describeGateway(profile: GatewayProfile): void {
  const reason = profile.unavailable();
  if (reason !== null && process.env['CI'] === 'true') {
    // CI installs every gateway: a missing one there is a broken install, not a skip.
    describe(profile.name, () => {
      it('is installed', () => {
        expect.fail(`${profile.name} is not available in CI: ${reason}`);
      });
    });
    return;
  }
  if (reason !== null) {
    console.warn(`[${profile.name}] suite skipped: ${reason}`);
    describe.skip(`${profile.name} (skipped: ${reason})`, () => {
      it('runs the federation checks', () => undefined);
    });
    return;
  }

  describe(`federation through ${profile.name}`, () => {
    let sim: Simulator;
    let person: Subgraph;
    let cases: CasesSubgraph;
    let gateway: RunningGateway;
    let workDir: string;
    const tokens: Record<'all' | 'noContact' | 'onlyMailbox', string> = {
      all: '',
      noContact: '',
      onlyMailbox: '',
    };

    beforeAll(async () => {
      sim = await startTestSimulator();
      person = await startSubgraph(sim, {
        env: { SCHEMA_AUTH_DIRECTIVES: String(profile.authDirectives), UPSTREAM_MAX_RETRIES: '0' },
      });
      const ids = sim.population.ids;
      cases = await startCasesSubgraph(
        buildCases({
          known: ids.slice(0, DISTINCT_KNOWN),
          unknown: sim.population.unknownIds(1),
          invalid: INVALID_IDS,
          count: CASE_COUNT,
        }),
      );
      workDir = mkdtempSync(join(tmpdir(), 'person-federation-'));
      const sdl = await fetchServedSdl(person.service.url);
      const supergraphSdl = requireSupergraph(
        { person: { url: person.service.url, sdl }, cases: { url: cases.url } },
        'apollo',
      );
      const file = (name: string, text: string): string => {
        const path = join(workDir, name);
        writeFileSync(path, text);
        return path;
      };
      gateway = await profile.start({
        supergraphSdl,
        supergraphFile: file('supergraph.graphql', supergraphSdl),
        person: { url: person.service.url, sdl, sdlFile: file('person.graphql', sdl) },
        cases: { url: cases.url, sdlFile: file('cases.graphql', CASES_SDL) },
        idp: sim.idp,
        workDir,
      });
      tokens.all = await sim.idp.mint({ scopes: ALL_CALLER_SCOPES });
      tokens.noContact = await sim.idp.mint({
        scopes: ALL_CALLER_SCOPES.filter((s) => s !== 'person:kontaktinformasjon.read'),
      });
      tokens.onlyMailbox = await sim.idp.mint({ scopes: ['person:digitalpost.read'] });
    }, 120_000);

    afterAll(async () => {
      await gateway?.close();
      await cases?.close();
      await person?.close();
      await sim?.close();
      if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
    }, 60_000);

    async function query(text: string, token: string | null): Promise<GatewayResponse> {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify({ query: text }),
        signal: AbortSignal.timeout(60_000),
      });
      return { status: response.status, body: (await response.json()) as GatewayResponse['body'] };
    }

    function expectNoIdentityNumbers(response: GatewayResponse, note?: unknown): void {
      const errors = response.body.errors ?? [];
      expect(JSON.stringify(errors)).not.toMatch(IDENTITY_NUMBER);
      // GATEWAY_SUITE_REPORT=<file>: append each response's error shapes (one sample per code,
      // never data), to keep docs/gateways.md in step with what the gateways really do.
      const report = process.env['GATEWAY_SUITE_REPORT'];
      if (report !== undefined && report !== '') {
        const samples = new Map<string, GraphqlError>();
        for (const error of errors) {
          const key = JSON.stringify([error.extensions?.['code'], error.path?.length]);
          if (!samples.has(key)) samples.set(key, error);
        }
        const line = {
          gateway: profile.name,
          test: expect.getState().currentTestName ?? '',
          status: response.status,
          errorCount: errors.length,
          samples: [...samples.values()],
          note,
        };
        appendFileSync(report, `${JSON.stringify(line)}\n`);
      }
    }

    function sakerOf(response: GatewayResponse): CaseResult[] {
      const saker = response.body.data?.['saker'];
      expect(Array.isArray(saker)).toBe(true);
      return saker as CaseResult[];
    }

    // A subgraph's FORBIDDEN travels like any subgraph error; a gateway's own is top-level.
    const denialCodeAt =
      profile.expect.denial.by === 'subgraph' ? profile.expect.codeAt : 'extensions.code';

    function expectedKrrStatus(id: string): string {
      const record = sim.population.get(id)?.krr;
      return record === null || record === undefined ? 'IKKE_REGISTRERT' : record.status;
    }

    function distinctValid(all: readonly Sak[]): number {
      return new Set(
        all.map((c) => c.personidentifikator).filter((id) => !INVALID_IDS.includes(id)),
      ).size;
    }

    it(`resolves the persons of ${CASE_COUNT} cases with ⌈distinct/1000⌉ calls per register`, async () => {
      sim.recorder.reset();
      const res = await query(
        `{ saker(foerste: ${CASE_COUNT}) { saksnummer part { personidentifikator kontaktregisterstatus kanVarsles finnesIFolkeregisteret } } }`,
        tokens.all,
      );
      expect(res.status).toBe(200);
      const saker = sakerOf(res);
      expect(saker).toHaveLength(CASE_COUNT);
      const distinct = distinctValid(cases.cases);
      expect(distinct).toBe(DISTINCT_KNOWN + 1);
      expect(sim.recorder.count('krr')).toBe(Math.ceil(distinct / 1000));
      expect(sim.recorder.count('freg')).toBe(Math.ceil(distinct / 1000));

      const unknown = new Set(sim.population.unknownIds(1));
      saker.forEach((sak, i) => {
        const source = cases.cases[i] as Sak;
        expect(sak.saksnummer).toBe(source.saksnummer);
        if (INVALID_IDS.includes(source.personidentifikator)) return;
        expect(sak.part?.['personidentifikator']).toBe(source.personidentifikator);
        const status = unknown.has(source.personidentifikator)
          ? 'IKKE_REGISTRERT'
          : expectedKrrStatus(source.personidentifikator);
        expect(sak.part?.['kontaktregisterstatus']).toBe(status);
        if (unknown.has(source.personidentifikator))
          expect(sak.part?.['finnesIFolkeregisteret']).toBe(false);
      });
      expectNoIdentityNumbers(res);
    });

    it('decides forsendelse for every case with ⌈distinct/1000⌉ calls per register', async () => {
      sim.recorder.reset();
      const res = await query(
        `{ saker(foerste: ${CASE_COUNT}) { part { personidentifikator forsendelse { kanal begrunnelser } } } }`,
        tokens.all,
      );
      expect(res.status).toBe(200);
      const saker = sakerOf(res);
      const distinct = distinctValid(cases.cases);
      expect(sim.recorder.count('krr')).toBe(Math.ceil(distinct / 1000));
      expect(sim.recorder.count('freg')).toBe(Math.ceil(distinct / 1000));
      const unknown = new Set(sim.population.unknownIds(1));
      const channels = new Set<string>();
      saker.forEach((sak, i) => {
        const source = cases.cases[i] as Sak;
        if (INVALID_IDS.includes(source.personidentifikator)) return;
        const forsendelse = sak.part?.['forsendelse'] as
          { kanal: string; begrunnelser: string[] } | null | undefined;
        expect(forsendelse?.kanal).toBeTypeOf('string');
        channels.add(forsendelse?.kanal ?? '');
        if (unknown.has(source.personidentifikator))
          expect(forsendelse?.begrunnelser).toContain('IKKE_I_FOLKEREGISTERET');
      });
      for (const kanal of ['DIGITAL_POSTKASSE', 'INNBOKS_MED_VARSEL', 'PAPIR'])
        expect(channels).toContain(kanal);
      expectNoIdentityNumbers(res);
    });

    it('shows not-found persons as data and invalid identifiers as BAD_USER_INPUT at their case', async () => {
      sim.recorder.reset();
      const res = await query(
        `{ saker(foerste: ${CASE_COUNT}) { saksnummer part { kontaktregisterstatus } } }`,
        tokens.all,
      );
      const saker = sakerOf(res);
      const invalidAt = cases.cases.flatMap((c, i) =>
        INVALID_IDS.includes(c.personidentifikator) ? [i] : [],
      );
      expect(invalidAt).toHaveLength(INVALID_IDS.length);
      const invalidParts = invalidAt.map((i) => saker[i]?.part);
      for (const i of invalidAt) {
        const part = saker[i]?.part;
        // Either the whole reference or its register fields are null; never invented data.
        expect(part === null || part?.['kontaktregisterstatus'] === null).toBe(true);
      }
      const unknownAt = cases.cases.findIndex((c) =>
        sim.population.unknownIds(1).includes(c.personidentifikator),
      );
      expect(saker[unknownAt]?.part?.['kontaktregisterstatus']).toBe('IKKE_REGISTRERT');

      const errors = res.body.errors ?? [];
      expect(errors).toHaveLength(INVALID_IDS.length);
      for (const error of errors) {
        expect(codeOf(error, profile.expect.codeAt)).toBe('BAD_USER_INPUT');
      }
      expect(errors.map((e) => e.path)).toEqual(
        expect.arrayContaining(
          invalidAt.map((i) => profile.expect.invalidIdentifierPath(i, 'kontaktregisterstatus')),
        ),
      );
      expectNoIdentityNumbers(res, { invalidParts });
    });

    it('denies a field the caller lacks the scope for: null for every person, no per-person errors from the subgraph', async () => {
      sim.recorder.reset();
      const res = await query(
        `{ saker(foerste: ${CASE_COUNT}) { part { personidentifikator kontaktregisterstatus digitalPost { postkasseadresse } } } }`,
        tokens.noContact,
      );
      const saker = sakerOf(res);
      expect(saker).toHaveLength(CASE_COUNT);
      const valid = saker.filter(
        (_, i) => !INVALID_IDS.includes((cases.cases[i] as Sak).personidentifikator),
      );
      for (const sak of valid) expect(sak.part?.['kontaktregisterstatus']).toBeNull();
      const withMailbox = valid.filter((sak) => sak.part?.['digitalPost'] !== null);
      expect(withMailbox.length).toBeGreaterThan(0);
      // The mailbox still needs KRR: the same number of calls as without the denial.
      expect(sim.recorder.count('krr')).toBe(Math.ceil(distinctValid(cases.cases) / 1000));

      const denials = (res.body.errors ?? []).filter(
        (e) => codeOf(e, denialCodeAt) === profile.expect.denial.code,
      );
      if (profile.expect.denial.by === 'subgraph') {
        expect(denials).toHaveLength(1);
        expect(extensionsOf(denials[0] as GraphqlError, denialCodeAt)).toMatchObject({
          side: 'caller',
          scope: 'person:kontaktinformasjon.read',
          field: 'Person.kontaktregisterstatus',
        });
      } else {
        // The gateway enforces @requiresScopes itself, one error per person.
        expect(denials).toHaveLength(valid.length);
      }
      expectNoIdentityNumbers(res);
    });

    it('asks no register when every selected register field is denied', async () => {
      sim.recorder.reset();
      const res = await query(
        `{ saker(foerste: ${CASE_COUNT}) { part { personidentifikator kontaktregisterstatus kanVarsles } } }`,
        tokens.onlyMailbox,
      );
      const saker = sakerOf(res);
      for (const sak of saker) {
        if (sak.part !== null) expect(sak.part['kontaktregisterstatus']).toBeNull();
      }
      expect(sim.recorder.count('krr')).toBe(0);
      const denials = (res.body.errors ?? []).filter(
        (e) => codeOf(e, denialCodeAt) === profile.expect.denial.code,
      );
      expect(denials.length).toBeGreaterThan(0);
      if (profile.expect.denial.by === 'subgraph') expect(denials).toHaveLength(2);
      expectNoIdentityNumbers(res);
    });

    it('refuses a caller without a token and reads no register', async () => {
      sim.recorder.reset();
      const res = await query(
        '{ saker(foerste: 3) { saksnummer part { kontaktregisterstatus } } }',
        null,
      );
      expect(sim.recorder.count('krr')).toBe(0);
      const codes = (res.body.errors ?? []).map((e) => codeOf(e, 'extensions.code'));
      expect(codes.length).toBe(profile.expect.unauthenticated.perItem ? 3 : 1);
      expect(new Set(codes)).toEqual(new Set([profile.expect.unauthenticated.code]));
      const saker = res.body.data?.['saker'] as CaseResult[] | undefined;
      for (const sak of saker ?? []) {
        if (sak.part !== null) expect(sak.part['kontaktregisterstatus']).toBeNull();
      }
      expectNoIdentityNumbers(res);
    });
  });
}
