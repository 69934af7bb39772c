// Environment presets (KRR_ENV / MASKINPORTEN_ENV / FREG_ENV = test | prod) with the current
// hosts and issuers, and the phased-out hosts that are refused at start with their replacement.
// Facts: docs/registers.md K1, M1, F1

export type RegisterEnvironment = 'test' | 'prod';

/** KRR base URLs; the lookup path (`/rest/v2/personer`) follows. */
export const KRR_PRESETS: Readonly<Record<RegisterEnvironment, string>> = {
  test: 'https://test.kontaktregisteret.no',
  prod: 'https://kontaktregisteret.no',
};

/** Maskinporten issuers (the grant's `aud`, trailing slash kept); metadata is below them. */
export const MASKINPORTEN_PRESETS: Readonly<Record<RegisterEnvironment, string>> = {
  test: 'https://test.maskinporten.no/',
  prod: 'https://maskinporten.no/',
};

/** Folkeregisteret base URLs (Konsumenttest and production); the package path follows. */
export const FREG_PRESETS: Readonly<Record<RegisterEnvironment, string>> = {
  test: 'https://folkeregisteret-api-konsument.sits.no',
  prod: 'https://folkeregisteret.api.skatteetaten.no',
};

interface PhasedOut {
  readonly host: RegExp;
  readonly what: string;
  readonly replacement: string;
}

// Which kind of URL a variable holds decides the replacement named for an OIDC-era host.
export type UrlKind = 'krr' | 'maskinporten' | 'freg';

const PHASED_OUT: Readonly<Record<UrlKind, readonly PhasedOut[]>> = {
  krr: [
    {
      host: /^krr\.digdir\.no$/,
      what: 'KRR production host switched off in September 2023',
      replacement: `${KRR_PRESETS.prod} (or KRR_ENV=prod)`,
    },
    {
      host: /^(krr-ver[12]|ver2-krr)\.digdir\.no$/,
      what: 'old KRR test host',
      replacement: `${KRR_PRESETS.test} (or KRR_ENV=test)`,
    },
    {
      host: /^oidc\.difi\.no$/,
      what: 'ID-porten OIDC-protected KRR (kontaktinfo-oauth2-server), closed in October 2023',
      replacement: `${KRR_PRESETS.prod} with Maskinporten tokens (or KRR_ENV=prod)`,
    },
    {
      host: /^oidc-[a-z0-9-]+\.difi\.no$/,
      what: 'ID-porten OIDC-protected KRR test (kontaktinfo-oauth2-server), closed in October 2023',
      replacement: `${KRR_PRESETS.test} with Maskinporten test tokens (or KRR_ENV=test)`,
    },
  ],
  maskinporten: [
    {
      host: /^ver[12]\.maskinporten\.no$/,
      what: 'Maskinporten test environment phased out (ver2 on 10.06.2024)',
      replacement: `${MASKINPORTEN_PRESETS.test} (or MASKINPORTEN_ENV=test)`,
    },
    {
      host: /^oidc\.difi\.no$/,
      what: 'the old ID-porten OIDC issuer, not Maskinporten',
      replacement: `${MASKINPORTEN_PRESETS.prod} (or MASKINPORTEN_ENV=prod)`,
    },
    {
      host: /^oidc-[a-z0-9-]+\.difi\.no$/,
      what: 'the old ID-porten OIDC test issuer, not Maskinporten',
      replacement: `${MASKINPORTEN_PRESETS.test} (or MASKINPORTEN_ENV=test)`,
    },
  ],
  freg: [
    {
      host: /^folkeregisteret-api-ekstern\.sits\.no$/,
      what: 'old Folkeregisteret producer-test host',
      replacement: `${FREG_PRESETS.test} (or FREG_ENV=test)`,
    },
  ],
};

/**
 * Why `url` must not be configured and what to use instead, or null when the host is not a
 * phased-out one. The message names no secret (URLs here are public hosts).
 */
export function phasedOutHost(url: URL, kind: UrlKind): string | null {
  const host = url.hostname.toLowerCase();
  const match = PHASED_OUT[kind].find((entry) => entry.host.test(host));
  return match === undefined
    ? null
    : `${host} is a phased-out host (${match.what}); use ${match.replacement}`;
}

/** The environment a known production or test host belongs to, or null for other hosts. */
export function environmentOfHost(url: URL): RegisterEnvironment | null {
  const origin = url.origin.toLowerCase();
  for (const presets of [KRR_PRESETS, MASKINPORTEN_PRESETS, FREG_PRESETS]) {
    if (new URL(presets.test).origin === origin) return 'test';
    if (new URL(presets.prod).origin === origin) return 'prod';
  }
  return null;
}
