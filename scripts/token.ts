// `npm run token -- --scope <scope> [--scope ...] [--url <subgraph>]`: asks a subgraph running in
// simulator mode for a development caller token (POST /dev/token) and prints only the token.
// `--idporten-pid <id>` instead asks for a simulated end user's ID-porten token (for Query.meg).
import { parseArgs } from 'node:util';

const USAGE =
  'Usage: npm run token -- --scope <scope> [--scope <scope> ...] [--url http://127.0.0.1:4000]\n' +
  '       npm run token -- --idporten-pid <11-digit id> [--url http://127.0.0.1:4000]\n' +
  "Prints a development caller token, or a simulated end user's ID-porten token (for the\n" +
  'x-idporten-token header of Query.meg), from a subgraph running in simulator mode.';
const TIMEOUT_MS = 10_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

class UsageError extends Error {}

interface Arguments {
  readonly url: URL;
  readonly scopes: readonly string[];
  readonly idportenPid: string | undefined;
}

function readArguments(argv: readonly string[]): Arguments | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scope: { type: 'string', short: 's', multiple: true },
        url: { type: 'string' },
        'idporten-pid': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';
  // A quoted list ("a b") is accepted too; scope tokens never contain whitespace (RFC 6749 §3.3).
  const scopes = (values.scope ?? []).flatMap((value) =>
    value.split(/\s+/).filter((scope) => scope !== ''),
  );
  const rawUrl = values.url ?? `http://127.0.0.1:${process.env['PORT'] ?? '4000'}`;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`--url is not a valid URL: ${rawUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be http: or https:, received ${url.protocol}`);
  }
  const idportenPid = values['idporten-pid'];
  if (idportenPid !== undefined && !/^\d{11}$/.test(idportenPid)) {
    throw new UsageError('--idporten-pid must be an 11-digit identifier');
  }
  if (idportenPid !== undefined && scopes.length > 0) {
    throw new UsageError('give either --scope or --idporten-pid, not both');
  }
  return { url, scopes: [...new Set(scopes)], idportenPid };
}

/** Accepts `{ "token": ... }`, `{ "access_token": ... }` or a bare token as text. */
function readToken(body: string, contentType: string | null): string | null {
  let candidate: unknown = body.trim();
  if (contentType?.includes('json') === true) {
    const parsed: unknown = JSON.parse(body);
    candidate =
      typeof parsed === 'object' && parsed !== null
        ? ((parsed as Record<string, unknown>)['token'] ??
          (parsed as Record<string, unknown>)['access_token'])
        : parsed;
  }
  return typeof candidate === 'string' && JWT_SHAPE.test(candidate) ? candidate : null;
}

async function main(): Promise<void> {
  const args = readArguments(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const endpoint = new URL(
    args.idportenPid === undefined ? 'dev/token' : 'dev/idporten-token',
    args.url.href.endsWith('/') ? args.url : `${args.url.href}/`,
  );
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(
        args.idportenPid === undefined ? { scopes: args.scopes } : { pid: args.idportenPid },
      ),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed';
    throw new Error(
      `Request to ${endpoint.href} ${reason}. Is the subgraph running in simulator mode (npm start with no upstream configuration)?`,
      { cause: error },
    );
  }
  const body = await response.text();
  if (response.status === 404) {
    throw new Error(
      `${endpoint.href} answered 404: the subgraph serves /dev/token in simulator mode only.`,
    );
  }
  if (!response.ok) {
    throw new Error(`${endpoint.href} answered ${response.status}: ${body.slice(0, 500)}`);
  }
  let token: string | null;
  try {
    token = readToken(body, response.headers.get('content-type'));
  } catch {
    token = null;
  }
  if (token === null) throw new Error(`${endpoint.href} did not return a token`);
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`token: ${error.message}\n${USAGE}`);
  } else {
    console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
});
