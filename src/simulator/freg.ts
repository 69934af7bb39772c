// Simulated Folkeregisteret consumer API for the two public-sector rights packages: bulk lookup
// (`POST …/v1/personer/bulkoppslag`) and single lookup (`GET …/v1/personer/{id}`), with bearer
// tokens from the simulated Maskinporten, the package's scope, `part` data minimisation,
// `somBestilt`, and each package's view of the person document.
// Facts: docs/registers.md F1–F7
import type { FaultQueue } from './faults.ts';
import {
  json,
  startSimServer,
  type CallSummary,
  type SimRequest,
  type SimResponse,
} from './http.ts';
import {
  buildFregDocument,
  resolveParts,
  viewOfDocument,
  type FregDocument,
  type FregPakke,
} from './freg-records.ts';
import type { Population, SimPerson } from './population.ts';
import type { CallLog } from './recorder.ts';

export const SCOPE_MED_HJEMMEL = 'folkeregister:deling/offentligmedhjemmel';
export const SCOPE_UTEN_HJEMMEL = 'folkeregister:deling/offentligutenhjemmel';

/** "opp mot 1 000" identifiers per bulk lookup (docs/registers.md F3). */
const MAX_IDENTIFIERS = 1000;

/**
 * Path prefixes per package. Not symmetric: med hjemmel has `api` after the package name, the
 * others before it (docs/registers.md F1).
 */
export const FREG_PACKAGES: readonly {
  readonly pakke: FregPakke;
  readonly prefix: string;
  readonly scope: string;
}[] = [
  {
    pakke: 'offentlig-med-hjemmel',
    prefix: '/folkeregisteret/offentlig-med-hjemmel/api/v1/',
    scope: SCOPE_MED_HJEMMEL,
  },
  {
    pakke: 'offentlig-uten-hjemmel',
    prefix: '/folkeregisteret/api/offentligutenhjemmel/v1/',
    scope: SCOPE_UTEN_HJEMMEL,
  },
];

const NOT_FOUND_TEXT = 'Fant ingen person med gitt foedselsEllerDNummer';
const CEASED_TEXT = 'foedselsEllerDNummer er opphoert';

export interface FregOptions {
  readonly host: string;
  readonly port: number;
  readonly population: Population;
  readonly verifyAccessToken: (token: string) => Promise<{ scopes: string[] } | null>;
  readonly faults: FaultQueue;
  readonly log: CallLog;
  readonly maxLatencyMs: number;
  /** Fixed latency per call in ms (benchmarks); default 0. */
  readonly latencyMs?: number;
  /** `part` values refused as unknown besides those no register knows (another version). */
  readonly unknownParts?: readonly string[];
}

export interface SimulatedFreg {
  /** Base URL without a trailing slash; the packages' paths follow it. */
  readonly url: string;
  close(): Promise<void>;
}

function bearerToken(request: SimRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function countIdentifiers(request: SimRequest): number {
  if (request.method === 'GET') return /\/personer\/[^/]+$/.test(request.path) ? 1 : 0;
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'foedselsEllerDNummer' in parsed) {
      const list = parsed.foedselsEllerDNummer;
      return Array.isArray(list) ? list.length : 0;
    }
  } catch {
    // Not JSON: counts as no identifiers.
  }
  return 0;
}

/** A digit-reversed order, so answers without somBestilt follow neither request nor sort order. */
function answerOrder(a: string, b: string): number {
  const ra = [...a].reverse().join('');
  const rb = [...b].reverse().join('');
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** Accept values the simulator can serve (it answers JSON only). */
function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase())
    .some((type) => type === 'application/json' || type === '*/*' || type === 'application/*');
}

/** Starts the simulated Folkeregisteret on its own loopback server. */
export async function startFreg(options: FregOptions): Promise<SimulatedFreg> {
  const documentOf = (person: SimPerson): FregDocument => buildFregDocument(person, person.freg);
  const unknownParts = new Set(options.unknownParts ?? []);

  const handle = async (request: SimRequest): Promise<SimResponse> => {
    let summary: CallSummary = { identifiers: countIdentifiers(request), scopes: [] };
    // The documented error body for application answers (docs/registers.md F6).
    const problem = (
      status: number,
      melding: string,
      extra: Record<string, string> = {},
    ): SimResponse => json(status, { kode: `FREG-${status}`, melding }, summary, extra);
    // The OAS's body for 401/403 (docs/registers.md F6).
    const denied = (status: 401 | 403, feilmelding: string): SimResponse =>
      json(
        status,
        {
          alvorlighetsgrad: 'ERROR',
          feilkode: status === 401 ? 'FREG-401' : 'FREG-403',
          feilmelding,
          httpStatus: status,
          tilleggsinformasjon: {},
        },
        summary,
        status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
      );

    const pkg = FREG_PACKAGES.find((p) => request.path.startsWith(p.prefix));
    const resource = pkg === undefined ? '' : request.path.slice(pkg.prefix.length);
    const bulk = resource === 'personer/bulkoppslag';
    const single = bulk ? null : /^personer\/([^/]+)$/.exec(resource);
    if (pkg === undefined || (!bulk && single === null)) return problem(404, 'Ukjent ressurs');
    if (bulk && request.method !== 'POST') return problem(405, 'Bruk POST', { allow: 'POST' });
    if (!bulk && request.method !== 'GET') return problem(405, 'Bruk GET', { allow: 'GET' });

    const token = bearerToken(request);
    const verified = token === null ? null : await options.verifyAccessToken(token);
    if (verified === null) return denied(401, 'Mangler gyldig tilgangstoken');
    summary = { ...summary, scopes: verified.scopes };
    if (!verified.scopes.includes(pkg.scope)) {
      return denied(403, `Tilgangstokenet gir ikke tilgang til ${pkg.pakke}`);
    }
    const accept = request.headers.accept;
    if (!acceptsJson(typeof accept === 'string' ? accept : undefined)) {
      return problem(406, 'Simulatoren svarer bare med application/json');
    }

    const params = new URLSearchParams(request.query);
    const parts = params.getAll('part');
    const selection = resolveParts(parts, pkg.pakke);
    if ('unknown' in selection || parts.some((part) => unknownParts.has(part)))
      return problem(400, 'Ugyldig verdi for parameteren part');
    const view = (person: SimPerson): FregDocument =>
      viewOfDocument(documentOf(person), selection, pkg.pakke);

    if (single !== null) {
      const id = decodeURIComponent(single[1] ?? '');
      if (!/^\d{11}$/.test(id)) return problem(400, 'Ugyldig foedselsEllerDNummer');
      const found = options.population.fregLookup(id);
      if (found === undefined || found === 'opphoert') return problem(404, NOT_FOUND_TEXT);
      return json(200, view(found), summary);
    }

    const somBestiltValue = params.get('somBestilt');
    if (somBestiltValue !== null && !/^(true|false)$/i.test(somBestiltValue)) {
      return problem(400, 'Ugyldig verdi for parameteren somBestilt');
    }
    const somBestilt = somBestiltValue?.toLowerCase() === 'true';
    // POST defaults to XML in Freg; the simulator requires JSON to be declared (docs/registers.md
    // F3).
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/json\b/.test(contentType)) {
      return problem(415, 'Content-Type må være application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return problem(400, 'Forespørselen er ikke gyldig JSON');
    }
    const list: unknown =
      typeof body === 'object' && body !== null && 'foedselsEllerDNummer' in body
        ? body.foedselsEllerDNummer
        : undefined;
    if (!Array.isArray(list) || !list.every((id): id is string => typeof id === 'string')) {
      return problem(400, 'foedselsEllerDNummer må være en liste av tekster');
    }
    if (list.length === 0 || list.length > MAX_IDENTIFIERS) {
      return problem(400, `foedselsEllerDNummer må ha 1 til ${MAX_IDENTIFIERS} elementer`);
    }
    if (!list.every((id) => /^\d{11}$/.test(id))) {
      return problem(400, 'Hvert foedselsEllerDNummer må ha 11 sifre');
    }

    // somBestilt: request order, duplicates repeated, a feilmelding entry per miss
    // (docs/registers.md F3). Without it (undocumented, assumed): each identifier once, misses left
    // out.
    const order = somBestilt ? list : [...new Set(list)].sort(answerOrder);
    const oppslag: Record<string, unknown>[] = [];
    for (const id of order) {
      const found = options.population.fregLookup(id);
      if (found !== undefined && found !== 'opphoert') {
        oppslag.push({ foedselsEllerDNummer: id, folkeregisterperson: view(found) });
      } else if (somBestilt) {
        oppslag.push({
          foedselsEllerDNummer: id,
          feilmelding: { feilmelding: found === 'opphoert' ? CEASED_TEXT : NOT_FOUND_TEXT },
        });
      }
    }
    return json(200, { oppslag }, summary);
  };

  const summarise = async (request: SimRequest): Promise<CallSummary> => {
    const token = bearerToken(request);
    const verified = token === null ? null : await options.verifyAccessToken(token);
    return { identifiers: countIdentifiers(request), scopes: verified?.scopes ?? [] };
  };

  const server = await startSimServer({
    host: options.host,
    port: options.port,
    upstream: 'freg',
    faults: options.faults,
    log: options.log,
    handle,
    summarise,
    maxLatencyMs: options.maxLatencyMs,
    latencyMs: options.latencyMs ?? 0,
  });
  return { url: server.origin, close: () => server.close() };
}
