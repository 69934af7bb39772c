// Simulated KRR lookup API (`POST /rest/v1/personer`, `/rest/v2/personer`): bearer tokens from the
// simulated Maskinporten, scope-filtered fields and the wire quirks of docs/registers.md K1–K5
import type { FaultQueue } from './faults.ts';
import {
  json,
  startSimServer,
  type CallSummary,
  type SimRequest,
  type SimResponse,
} from './http.ts';
import {
  varslingsstatusOf,
  type KrrChannel,
  type KrrSimRecord,
  type KrrTimestamp,
} from './krr-records.ts';
import type { Population } from './population.ts';
import type { CallLog } from './recorder.ts';

export const SCOPE_KONTAKTINFORMASJON = 'krr:global/kontaktinformasjon.read';
export const SCOPE_DIGITALPOST = 'krr:global/digitalpost.read';
export const SCOPE_SUPPLIER_KONTAKTINFO = 'krr:global/kontaktinfo.read';
export const SCOPE_SUPPLIER_POSTKASSE = 'krr:global/postkasse.read';
const USER_PATH = '/rest/v1/person';

const MAX_IDENTIFIERS = 1000;
const PATHS = { '/rest/v1/personer': 1, '/rest/v2/personer': 2 } as const;

export interface KrrOptions {
  readonly host: string;
  readonly port: number;
  readonly population: Population;
  /** Base64 DER of the certificate sent as `sertifikat`. */
  readonly certificate: string;
  readonly verifyAccessToken: (token: string) => Promise<{ scopes: string[] } | null>;
  /**
   * Verifies an end user's ID-porten token for the user-bound `GET /rest/v1/person`
   * (docs/registers.md K6); without it that endpoint answers 404.
   */
  readonly verifyUserToken?: (
    token: string,
  ) => Promise<{ readonly pid: string; readonly scopes: readonly string[] } | null>;
  readonly faults: FaultQueue;
  readonly log: CallLog;
  readonly maxLatencyMs: number;
  /** Fixed latency per call in ms (benchmarks); default 0. */
  readonly latencyMs?: number;
  /** Current time in epoch ms; default `Date.now`. */
  readonly now?: () => number;
}

export interface SimulatedKrr {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  close(): Promise<void>;
}

type WireObject = Record<string, unknown>;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Last Sunday of a month at 01:00 UTC: when Europe's summer time starts or ends. */
function lastSundayAt0100Utc(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * 86_400_000;
}

/** Formats a timestamp as KRR does: `2023-06-10T21:00:01+02` (Oslo time) or `2023-08-05T10:45:15.768Z`. */
export function formatKrrTimestamp(stamp: KrrTimestamp): string {
  if (stamp.style === 'utc-millis') return new Date(stamp.epochMs).toISOString();
  const year = new Date(stamp.epochMs).getUTCFullYear();
  const summer =
    stamp.epochMs >= lastSundayAt0100Utc(year, 2) && stamp.epochMs < lastSundayAt0100Utc(year, 9);
  const offset = summer ? 2 : 1;
  const local = new Date(stamp.epochMs + offset * 3_600_000);
  return (
    `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    `+0${offset}`
  );
}

function putChannel(
  target: WireObject,
  name: 'epostadresse' | 'mobiltelefonnummer',
  channel: KrrChannel | null,
  version: 1 | 2,
): void {
  if (channel === null) return;
  target[name] = channel.value;
  if (channel.oppdatert !== null)
    target[`${name}_oppdatert`] = formatKrrTimestamp(channel.oppdatert);
  if (channel.sistVerifisert !== null) {
    target[`${name}_sist_verifisert`] = formatKrrTimestamp(channel.sistVerifisert);
  }
  if (version === 2) {
    if (channel.sistValidert !== null) {
      target[`${name}_sist_validert`] = formatKrrTimestamp(channel.sistValidert);
    }
    if (channel.duplisert !== null) target[`${name}_duplisert`] = channel.duplisert;
  }
}

/** What the token's scopes unlock (docs/registers.md K3). */
interface Access {
  readonly contact: boolean;
  readonly digitalPost: boolean;
}

function notRegistered(id: string, access: Access): WireObject {
  return {
    personidentifikator: id,
    status: 'IKKE_REGISTRERT',
    ...(access.contact ? { varslingsstatus: 'KAN_IKKE_VARSLES' } : {}),
  };
}

/** Builds one `personer` entry for a registered person. */
function toWire(
  id: string,
  record: KrrSimRecord,
  access: Access,
  version: 1 | 2,
  certificate: string,
  now: number,
): WireObject {
  const person: WireObject = { personidentifikator: id };
  if (record.reservasjon !== null) person['reservasjon'] = record.reservasjon;
  person['status'] = record.status;
  if (access.contact) person['varslingsstatus'] = varslingsstatusOf(record, now);
  // Deleted persons carry no contact, mailbox or certificate elements (docs/registers.md K4).
  if (record.status === 'SLETTET') return person;
  if (access.contact) {
    // Whether the reservation timestamps need a scope is undocumented (docs/registers.md K8);
    // they are sent with kontaktinformasjon here so that a token without KRR scopes gets only the minimum.
    if (record.reservasjonstidspunkt !== null) {
      person['reservasjonstidspunkt'] = formatKrrTimestamp(record.reservasjonstidspunkt);
    }
    if (record.reservasjonOppdatert !== null) {
      person['reservasjon_oppdatert'] = formatKrrTimestamp(record.reservasjonOppdatert);
    }
    const contact: WireObject = {};
    putChannel(contact, 'epostadresse', record.epost, version);
    putChannel(contact, 'mobiltelefonnummer', record.mobil, version);
    if (Object.keys(contact).length > 0 || record.emptyContactObject) {
      person['kontaktinformasjon'] = contact;
    }
  }
  if (access.digitalPost) {
    if (record.digitalPost !== null) {
      person['digital_post'] = {
        postkasseadresse: record.digitalPost.adresse,
        postkasseleverandoeradresse: record.digitalPost.leverandoer,
        // KRR has added undocumented properties here before (docs/registers.md K2).
        ...(record.digitalPost.extraField ? { ny_egenskap: 'x' } : {}),
      };
    }
    if (record.sertifikat !== null) {
      person['sertifikat'] = record.sertifikat === 'certificate' ? certificate : '';
    }
  }
  if (access.contact && record.spraak !== null) {
    person['spraak'] = record.spraak;
    if (record.spraakOppdatert !== null) {
      person['spraak_oppdatert'] = formatKrrTimestamp(record.spraakOppdatert);
    }
  }
  if (access.contact && version === 2 && record.oppdatert !== null) {
    person['oppdatert'] = formatKrrTimestamp(record.oppdatert);
  }
  return person;
}

/** A digit-reversed sort key: the answer order differs from both request and sorted order. */
function answerOrder(a: string, b: string): number {
  const ra = [...a].reverse().join('');
  const rb = [...b].reverse().join('');
  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

function bearerToken(request: SimRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function countIdentifiers(body: Buffer): number {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'personidentifikatorer' in parsed) {
      const list = parsed.personidentifikatorer;
      return Array.isArray(list) ? list.length : 0;
    }
  } catch {
    // Not JSON: counts as no identifiers.
  }
  return 0;
}

/** Starts the simulated KRR on its own loopback server. */
export async function startKrr(options: KrrOptions): Promise<SimulatedKrr> {
  const now = options.now ?? Date.now;

  const handle = async (request: SimRequest): Promise<SimResponse> => {
    const version = request.path in PATHS ? PATHS[request.path as keyof typeof PATHS] : null;
    const identifiers = countIdentifiers(request.body);
    let summary: CallSummary = { identifiers, scopes: [] };
    const problem = (
      status: number,
      message: string,
      extra: Record<string, string> = {},
    ): SimResponse =>
      json(
        status,
        { timestamp: new Date(now()).toISOString(), status, error: message, path: request.path },
        summary,
        extra,
      );
    if (request.path === USER_PATH && options.verifyUserToken !== undefined) {
      // User-bound lookup with the end user's ID-porten token (docs/registers.md K6).
      if (request.method !== 'GET') return problem(405, 'Method Not Allowed', { allow: 'GET' });
      const token = bearerToken(request);
      const user = token === null ? null : await options.verifyUserToken(token);
      if (user === null)
        return problem(401, 'Unauthorized: missing, invalid or expired ID-porten token', {
          'www-authenticate': 'Bearer error="invalid_token"',
        });
      summary = { identifiers: 1, scopes: [...user.scopes] };
      const userAccess: Access = {
        contact: user.scopes.includes('krr:user/kontaktinformasjon.read'),
        digitalPost: user.scopes.includes('krr:user/digitalpost.read'),
      };
      if (!userAccess.contact && !userAccess.digitalPost)
        return problem(403, 'Forbidden: the token carries no krr:user scope');
      const record = options.population.get(user.pid)?.krr ?? null;
      const person =
        record === null
          ? notRegistered(user.pid, userAccess)
          : toWire(user.pid, record, userAccess, 1, options.certificate, now());
      return json(200, person, summary);
    }
    if (version === null) return problem(404, 'Not Found');
    if (request.method !== 'POST') return problem(405, 'Method Not Allowed', { allow: 'POST' });

    const token = bearerToken(request);
    const verified = token === null ? null : await options.verifyAccessToken(token);
    if (verified === null) {
      return problem(401, 'Unauthorized: missing, invalid or expired access token', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
    summary = { identifiers, scopes: verified.scopes };
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    if (!/^application\/json\b/.test(contentType)) {
      return problem(415, 'Unsupported Media Type: use application/json');
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return problem(400, 'Bad Request: the body is not JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return problem(400, 'Bad Request: expected an object with personidentifikatorer');
    }
    const list: unknown = 'personidentifikatorer' in body ? body.personidentifikatorer : undefined;
    if (!Array.isArray(list) || !list.every((id): id is string => typeof id === 'string')) {
      return problem(400, 'Bad Request: personidentifikatorer must be an array of strings');
    }
    const include: unknown =
      'inkluderIkkeRegistrerte' in body ? body.inkluderIkkeRegistrerte : undefined;
    if (include !== undefined && typeof include !== 'boolean') {
      return problem(400, 'Bad Request: inkluderIkkeRegistrerte must be a boolean');
    }
    if (list.length === 0 || list.length > MAX_IDENTIFIERS) {
      return problem(
        400,
        `Bad Request: personidentifikatorer must hold 1 to ${MAX_IDENTIFIERS} identifiers`,
      );
    }
    // KRR's answer to malformed identifiers is undocumented (docs/registers.md K8). The simulator
    // rejects the whole batch when one is not 11 digits, so clients must validate before calling; numbers
    // with 11 digits but wrong check digits are simply not registered.
    if (!list.every((id) => /^\d{11}$/.test(id))) {
      return problem(400, 'Bad Request: every personidentifikator must be 11 digits');
    }

    // Suppliers acting for a customer get the same data with the delegation scopes
    // (docs/registers.md K3).
    const access: Access = {
      contact:
        verified.scopes.includes(SCOPE_KONTAKTINFORMASJON) ||
        verified.scopes.includes(SCOPE_SUPPLIER_KONTAKTINFO),
      digitalPost:
        verified.scopes.includes(SCOPE_DIGITALPOST) ||
        verified.scopes.includes(SCOPE_SUPPLIER_POSTKASSE),
    };
    // v1 has no inkluderIkkeRegistrerte; in v2 `false` leaves unknown persons out
    // (docs/registers.md K1).
    const omitUnknown = version === 2 && include === false;
    const clock = now();
    const personer: WireObject[] = [];
    for (const id of [...new Set(list)].sort(answerOrder)) {
      const record = options.population.get(id)?.krr ?? null;
      if (record === null) {
        if (!omitUnknown) personer.push(notRegistered(id, access));
      } else {
        personer.push(toWire(id, record, access, version, options.certificate, clock));
      }
    }
    return json(200, { personer }, summary);
  };

  const summarise = async (request: SimRequest): Promise<CallSummary> => {
    const token = bearerToken(request);
    const verified = token === null ? null : await options.verifyAccessToken(token);
    return { identifiers: countIdentifiers(request.body), scopes: verified?.scopes ?? [] };
  };

  const server = await startSimServer({
    host: options.host,
    port: options.port,
    upstream: 'krr',
    faults: options.faults,
    log: options.log,
    handle,
    summarise,
    maxLatencyMs: options.maxLatencyMs,
    latencyMs: options.latencyMs ?? 0,
  });
  return { url: server.origin, close: () => server.close() };
}
