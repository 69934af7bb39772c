// Which identity provider's tokens callers must present: AUTH_ISSUER / AUTH_AUDIENCE /
// AUTH_JWKS_URI when set, else the variables a platform injects as they come (NAIS: Entra ID's
// AZURE_* or TokenX's TOKEN_X_*). Two platform providers at once need AUTH_PROVIDER to choose;
// a partial set is refused naming what is missing. See README "Configuration".
import type { AuthConfig } from './config.ts';

type Env = Readonly<Record<string, string | undefined>>;

export type PlatformAuthProvider = 'azure' | 'tokenx';

interface PlatformAuthVariables {
  /** Shown in messages. */
  readonly label: string;
  readonly issuer: string;
  readonly jwksUri: string;
  /** The application's own client id: the `aud` its callers' tokens carry. */
  readonly audience: string;
}

/** The injected variables behind each caller-token setting, per platform provider. */
export const PLATFORM_AUTH_VARIABLES: Readonly<
  Record<PlatformAuthProvider, PlatformAuthVariables>
> = {
  azure: {
    label: 'Entra ID',
    issuer: 'AZURE_OPENID_CONFIG_ISSUER',
    jwksUri: 'AZURE_OPENID_CONFIG_JWKS_URI',
    audience: 'AZURE_APP_CLIENT_ID',
  },
  tokenx: {
    label: 'TokenX',
    issuer: 'TOKEN_X_ISSUER',
    jwksUri: 'TOKEN_X_JWKS_URI',
    audience: 'TOKEN_X_CLIENT_ID',
  },
};

const PROVIDERS = Object.keys(PLATFORM_AUTH_VARIABLES) as PlatformAuthProvider[];
const AUTH_VARIABLES = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URI'] as const;
const WHY = 'outside simulator mode (callers must present verified tokens)';

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function readUrl(env: Env, name: string, problems: string[]): URL | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http(s) URL`);
  return undefined;
}

function namesOf(variables: PlatformAuthVariables): string[] {
  return [variables.issuer, variables.jwksUri, variables.audience];
}

/**
 * Reads caller-token verification settings (upstream mode only). Returns null when something is
 * missing or wrong; the reasons are then in `problems`, each naming its variable.
 */
export function readCallerAuth(env: Env, problems: string[]): AuthConfig | null {
  const rawProvider = read(env, 'AUTH_PROVIDER')?.toLowerCase();
  let provider: PlatformAuthProvider | undefined;
  if (rawProvider !== undefined) {
    if (rawProvider === 'azure' || rawProvider === 'tokenx') provider = rawProvider;
    else problems.push(`AUTH_PROVIDER must be azure or tokenx (got "${rawProvider}")`);
  }

  const authGiven = AUTH_VARIABLES.filter((name) => read(env, name) !== undefined);
  if (authGiven.length > 0) {
    if (rawProvider !== undefined)
      problems.push(
        `AUTH_PROVIDER and ${authGiven.join(', ')} are both set: AUTH_PROVIDER chooses between platform variables, AUTH_* names the issuer directly; remove one`,
      );
    const issuer = read(env, 'AUTH_ISSUER');
    const audience = read(env, 'AUTH_AUDIENCE');
    const jwksUri = readUrl(env, 'AUTH_JWKS_URI', problems);
    for (const name of AUTH_VARIABLES)
      if (read(env, name) === undefined) problems.push(`${name} is required ${WHY}`);
    return issuer !== undefined && audience !== undefined && jwksUri !== undefined
      ? { source: 'AUTH', issuer, audience, jwksUri, rolesAsScopes: false }
      : null;
  }

  const present = PROVIDERS.filter((p) =>
    namesOf(PLATFORM_AUTH_VARIABLES[p]).some((name) => read(env, name) !== undefined),
  );
  if (provider === undefined && present.length > 1) {
    const sets = present.map((p) => {
      const v = PLATFORM_AUTH_VARIABLES[p];
      return `${v.label} (${namesOf(v).join(', ')})`;
    });
    problems.push(
      `${sets.join(' and ')} are both set: set AUTH_PROVIDER=${present.join(' or AUTH_PROVIDER=')} to choose whose tokens callers present (or set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URI)`,
    );
    return null;
  }
  const chosen = provider ?? present[0];
  if (chosen === undefined) {
    for (const name of AUTH_VARIABLES)
      problems.push(
        `${name} is required ${WHY}; or let the platform inject Entra ID's AZURE_OPENID_CONFIG_* and AZURE_APP_CLIENT_ID, or TokenX's TOKEN_X_*`,
      );
    return null;
  }

  const v = PLATFORM_AUTH_VARIABLES[chosen];
  const why =
    provider === undefined
      ? `with the other ${v.label} variables (${namesOf(v).join(', ')}) when AUTH_* is unset`
      : `with AUTH_PROVIDER=${chosen}`;
  for (const name of namesOf(v))
    if (read(env, name) === undefined) problems.push(`${name} is required ${why}`);
  const issuer = read(env, v.issuer);
  const audience = read(env, v.audience);
  const jwksUri = readUrl(env, v.jwksUri, problems);
  return issuer !== undefined && audience !== undefined && jwksUri !== undefined
    ? { source: chosen, issuer, audience, jwksUri, rolesAsScopes: chosen === 'azure' }
    : null;
}
