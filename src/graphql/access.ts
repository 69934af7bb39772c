// Scope-aware field access, decided once per operation before any register call: each Person
// field needs a caller scope (declared with @requiresScopes in schema.graphql) and an upstream
// scope that the subgraph's own register token was granted. Denied fields are not fetched, are
// null for every person, and give one FORBIDDEN error per selection.
import { Kind, type DocumentNode } from 'graphql';
import type { RegisterName } from '../upstream/upstream-error.ts';
import { fetchPlanFor, type FetchPlan, type OperationPlan } from './plan.ts';

/** What a Person field needs from the upstream side. */
export interface UpstreamRequirement {
  readonly register: RegisterName;
  /** Any one of these granted scopes suffices; empty = any token for the register. */
  readonly anyOf: readonly string[];
}

const KRR_CONTACT = ['krr:global/kontaktinformasjon.read', 'krr:global/kontaktinfo.read'];
const KRR_MAILBOX = ['krr:global/digitalpost.read', 'krr:global/postkasse.read'];
const FREG_ANY = [
  'folkeregister:deling/offentligmedhjemmel',
  'folkeregister:deling/offentligutenhjemmel',
];
// Address protection is confidential: only the med-hjemmel package delivers it
// (docs/registers.md F5).
const FREG_MED_HJEMMEL = ['folkeregister:deling/offentligmedhjemmel'];

/**
 * The upstream scopes behind each register field (docs/registers.md K3): reservation and status
 * come with any KRR token; contact data, notification status and language need
 * kontaktinformasjon; mailbox and certificate need digitalpost.
 */
const krrAny: UpstreamRequirement = { register: 'krr', anyOf: [] };
const krrContact: UpstreamRequirement = { register: 'krr', anyOf: KRR_CONTACT };
const krrMailbox: UpstreamRequirement = { register: 'krr', anyOf: KRR_MAILBOX };
const fregAny: UpstreamRequirement = { register: 'freg', anyOf: FREG_ANY };

/**
 * Every requirement must be met. `forsendelse` reads reservation, notification status and
 * contact channels, the mailbox and certificate, and Folkeregisteret's addresses.
 */
export const UPSTREAM_REQUIREMENTS: Readonly<Record<string, readonly UpstreamRequirement[]>> = {
  kontaktregisterstatus: [krrAny],
  reservasjon: [krrAny],
  varslingsstatus: [krrContact],
  kanVarsles: [krrContact],
  kontaktinformasjon: [krrContact],
  spraak: [krrContact],
  digitalPost: [krrMailbox],
  sertifikat: [krrMailbox],
  finnesIFolkeregisteret: [fregAny],
  folkeregisteridentifikator: [fregAny],
  navn: [fregAny],
  foedsel: [fregAny],
  kjoenn: [fregAny],
  personstatus: [fregAny],
  doedsfall: [fregAny],
  sivilstand: [fregAny],
  statsborgerskap: [fregAny],
  bostedsadresse: [fregAny],
  postadresse: [fregAny],
  postadresseIUtlandet: [fregAny],
  preferertKontaktadresse: [fregAny],
  oppholdsadresse: [fregAny],
  kontaktinformasjonForDoedsbo: [fregAny],
  vergemaalEllerFremtidsfullmakt: [fregAny],
  fratattRettsligHandleevne: [fregAny],
  adressebeskyttelse: [{ register: 'freg', anyOf: FREG_MED_HJEMMEL }],
  forsendelse: [krrContact, krrMailbox, fregAny],
};

/**
 * Root fields whose KRR data comes from KRR's user-bound lookup with the end user's own
 * ID-porten token (Query.meg): the subgraph's own KRR grant plays no part there, so their KRR
 * selections are neither checked against it nor make it fetch a token. KRR itself filters by the
 * user token's `krr:user/*` scopes. Caller-side rules apply to them as everywhere.
 */
export const USER_BOUND_ROOT_FIELDS: ReadonlySet<string> = new Set(['meg']);

function userBoundKrr(selection: { readonly root: string }, register: RegisterName): boolean {
  return register === 'krr' && USER_BOUND_ROOT_FIELDS.has(selection.root);
}

/** The Person field whose caller scope also unlocks protected addresses. */
export const PROTECTION_FIELD = 'adressebeskyttelse';

/**
 * Person field → the caller scopes it requires (all of them), read from `@requiresScopes` in the
 * SDL.
 */
export function callerScopesFromSdl(
  document: DocumentNode,
): ReadonlyMap<string, readonly string[]> {
  const scopes = new Map<string, readonly string[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== 'Person')
      continue;
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'requiresScopes');
      const argument = directive?.arguments?.find((a) => a.name.value === 'scopes');
      // [["a", "b"]]: one alternative (all of its scopes needed) is all this schema uses.
      const outer = argument?.value;
      const inner = outer?.kind === Kind.LIST ? outer.values[0] : undefined;
      const values = inner?.kind === Kind.LIST ? inner.values : [];
      const all = values.flatMap((value) => (value.kind === Kind.STRING ? [value.value] : []));
      if (all.length > 0) scopes.set(field.name.value, all);
    }
  }
  return scopes;
}

export interface Denial {
  readonly field: string;
  readonly path: string;
  readonly side: 'caller' | 'upstream';
  /** The scope that is missing (for the upstream side, the first acceptable one). */
  readonly scope: string;
  readonly register?: RegisterName;
}

/** Granted upstream scopes per register: null = register not configured; 'unknown' = token unavailable. */
export type GrantedScopes = Readonly<Record<RegisterName, ReadonlySet<string> | null | 'unknown'>>;

export interface AccessDecision {
  /** What to fetch: the selected fields both sides allow. */
  readonly fetch: FetchPlan;
  readonly denials: readonly Denial[];
  /** Protected addresses and the protection level may be shown. */
  readonly includeProtectedAddresses: boolean;
}

/** The caller-side denials alone (no upstream knowledge needed). */
export function callerDenials(
  plan: OperationPlan,
  callerScopeOf: ReadonlyMap<string, readonly string[]>,
  callerScopes: ReadonlySet<string>,
): Denial[] {
  const denials: Denial[] = [];
  for (const selection of plan.selections) {
    // The first scope the caller lacks is named; a field needing several may lack more.
    const scope = callerScopeOf.get(selection.field)?.find((s) => !callerScopes.has(s));
    if (scope !== undefined) denials.push({ ...selection, side: 'caller', scope });
  }
  return denials;
}

/** The registers whose grants matter: those with a selected field the caller may see. */
export function registersToAsk(
  plan: OperationPlan,
  callerDenied: readonly Denial[],
): Set<RegisterName> {
  const deniedFields = new Set(callerDenied.map((d) => d.field));
  const registers = new Set<RegisterName>();
  for (const selection of plan.selections) {
    if (deniedFields.has(selection.field)) continue;
    for (const requirement of UPSTREAM_REQUIREMENTS[selection.field] ?? []) {
      if (!userBoundKrr(selection, requirement.register)) registers.add(requirement.register);
    }
  }
  return registers;
}

/** Decides access for an operation from the caller's scopes and the upstream grants. */
export function decideAccess(
  plan: OperationPlan,
  callerScopeOf: ReadonlyMap<string, readonly string[]>,
  callerScopes: ReadonlySet<string>,
  granted: GrantedScopes,
): AccessDecision {
  const denials = callerDenials(plan, callerScopeOf, callerScopes);
  const callerDenied = new Set(denials.map((d) => d.field));
  const upstreamDenied = new Set<string>();
  for (const selection of plan.selections) {
    if (callerDenied.has(selection.field)) continue;
    for (const requirement of UPSTREAM_REQUIREMENTS[selection.field] ?? []) {
      if (userBoundKrr(selection, requirement.register)) continue;
      const grants = granted[requirement.register];
      if (grants === 'unknown') continue; // the fetch will fail and say why, per person
      const ok =
        grants !== null &&
        (requirement.anyOf.length === 0 || requirement.anyOf.some((s) => grants.has(s)));
      if (!ok) {
        upstreamDenied.add(selection.field);
        denials.push({
          ...selection,
          side: 'upstream',
          scope: requirement.anyOf[0] ?? `${requirement.register}:*`,
          register: requirement.register,
        });
        break; // one denial per selection
      }
    }
  }
  const allowed = new Set(
    [...plan.personFields].filter((f) => !callerDenied.has(f) && !upstreamDenied.has(f)),
  );
  const protectionScopes = callerScopeOf.get(PROTECTION_FIELD) ?? [];
  const fregGrants = granted.freg;
  const includeProtectedAddresses =
    protectionScopes.every((s) => callerScopes.has(s)) &&
    fregGrants !== null &&
    fregGrants !== 'unknown' &&
    FREG_MED_HJEMMEL.some((s) => fregGrants.has(s));
  return { fetch: fetchPlanFor(allowed), denials, includeProtectedAddresses };
}
