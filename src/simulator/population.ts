// The simulator's synthetic population: register-neutral person identities (Tenor-style +80
// identifiers) generated deterministically from a seed, with each register's data attached.
import { buildIdentityNumber } from '../domain/identity-number.ts';
import {
  drawFregCase,
  FORSENDELSE_FREG_CASES,
  FREG_CASES,
  type FregCase,
  type FregProfile,
} from './freg-records.ts';
import {
  forsendelseKrrRecord,
  generateKrrRecord,
  krrTestUsers,
  type ForsendelseKrrCase,
  type KrrSimRecord,
} from './krr-records.ts';
import { createRng, type Rng } from './random.ts';

/** A simulated person. Registers attach their own data; `krr` null means "not in KRR". */
export interface SimPerson {
  /** The synthetic fødselsnummer or D-nummer (month + 80). */
  readonly id: string;
  /** Birth date `YYYY-MM-DD` (what Folkeregisteret would hold). */
  readonly birthDate: string;
  readonly dNumber: boolean;
  /** Seed for a synthetic name, so another register can derive the same name every run. */
  readonly nameSeed: number;
  readonly krr: KrrSimRecord | null;
  /**
   * Folkeregisteret's profile of the person; every person is in Folkeregisteret except the
   * letter-routing person `ikkeIFolkeregisteret` (fregLookup does not find it).
   */
  readonly freg: FregProfile;
}

/** Folkeregisteret cases: persons per document kind, plus identifiers that are not persons. */
export type FregCases = { readonly [K in FregCase]: readonly string[] } & {
  /**
   * The ceased identifiers of the `sammenslaatt` persons, index-aligned with that list: a
   * lookup on one returns the surviving person (docs/registers.md F4).
   */
  readonly tidligereIdentifikatorer: readonly string[];
  /** Ceased identifiers without a surviving person: `feilmelding` with somBestilt, 404 on GET. */
  readonly opphoert: readonly string[];
};

/**
 * One fixed person per branch of the letter-routing decision (`Person.forsendelse`): a
 * Folkeregisteret document kind, a KRR situation (null: not in KRR) and a birth date.
 * `fortrolig` and `dNummerUtenAdresse` share birth date and KRR situation, so that for a caller
 * who may not see protected addresses they differ in nothing but the identifier.
 */
export const FORSENDELSE_PERSONS = {
  digitalPostkasse: { freg: 'vegadresse', krr: 'postkasse', birthDate: '1975-02-11' },
  ingenPostkasse: { freg: 'vegadresse', krr: 'toKanaler', birthDate: '2010-06-15' },
  reservert: { freg: 'vegadresse', krr: 'reservertMedPostkasse', birthDate: '1962-09-03' },
  ikkeRegistrert: { freg: 'postboks', krr: null, birthDate: '1958-12-24' },
  slettet: { freg: 'matrikkeladresse', krr: 'slettet', birthDate: '1949-04-30' },
  utloeptKontaktinformasjon: { freg: 'vegadresse', krr: 'utloept', birthDate: '1981-07-19' },
  enKanalUtloept: { freg: 'vegadresse', krr: 'enKanalUtloept', birthDate: '1990-01-08' },
  doedMedDoedsbo: { freg: 'doedMedDoedsbo', krr: 'postkasse', birthDate: '1938-03-02' },
  doedUtenDoedsbo: { freg: 'doedUtenDoedsbo', krr: null, birthDate: '1944-10-17' },
  vergemaal: { freg: 'vergemaal', krr: 'postkasse', birthDate: '1953-05-26' },
  oppholdsadresse: { freg: 'oppholdsadresse', krr: null, birthDate: '1993-11-05' },
  utenlandskAdresse: { freg: 'utflyttet', krr: null, birthDate: '1987-08-21' },
  fortrolig: { freg: 'fortrolig', krr: null, birthDate: '1985-03-14' },
  strengtFortrolig: { freg: 'strengtFortrolig', krr: null, birthDate: '1979-06-09' },
  dNummerUtenAdresse: { freg: 'dNummerUtenAdresse', krr: null, birthDate: '1985-03-14' },
  // In KRR with a mailbox, unknown to Folkeregisteret (its `freg` profile is never served).
  ikkeIFolkeregisteret: {
    freg: 'vegadresse',
    krr: 'postkasse',
    birthDate: '1972-04-12',
    ikkeIFolkeregisteret: true,
  },
  tomPostkasse: { freg: 'vegadresse', krr: 'tomPostkasse', birthDate: '1983-10-27' },
  // Shaped like current answers from Folkeregisteret's test environment (offset times).
  vergemaalMedTjenesteomraader: {
    freg: 'vergemaalMedTjenesteomraader',
    krr: null,
    birthDate: '1948-01-22',
  },
  postadresseIUtlandetForetrukket: {
    freg: 'postadresseIUtlandetForetrukket',
    krr: null,
    birthDate: '1969-08-10',
  },
  bostedsadresseForetrukket: {
    freg: 'bostedsadresseForetrukket',
    krr: null,
    birthDate: '1977-12-05',
  },
  toPostadresser: { freg: 'toPostadresser', krr: null, birthDate: '1991-04-18' },
} as const satisfies Readonly<
  Record<
    string,
    {
      readonly freg: FregCase;
      readonly krr: ForsendelseKrrCase | null;
      readonly birthDate: string;
      /** In KRR only: Folkeregisteret does not find the person. */
      readonly ikkeIFolkeregisteret?: true;
    }
  >
>;

export type ForsendelseCase = keyof typeof FORSENDELSE_PERSONS;

const D_NUMBER_CASES: ReadonlySet<FregCase> = new Set([
  'dNummer',
  'oppholdsadresse',
  'dNummerUtenAdresse',
]);

export interface PopulationCases {
  readonly reserved: readonly string[];
  readonly expired: readonly string[];
  readonly deleted: readonly string[];
  readonly mailbox: readonly string[];
  readonly mobileOnly: readonly string[];
  readonly emailOnly: readonly string[];
  readonly bothChannels: readonly string[];
  /** `""` values or an empty `kontaktinformasjon: {}` on the wire. */
  readonly emptyStrings: readonly string[];
  /** The fixed KRR test users, one or more per documented case (docs/registers.md K7). */
  readonly testUsers: readonly string[];
  /**
   * Folkeregisteret cases. Each list starts with one fixed person per case (appended to the
   * population after the test users, so every case exists whatever the population size).
   */
  readonly freg: FregCases;
  /** The fixed person of each letter-routing branch (appended after every other person). */
  readonly forsendelse: Readonly<Record<ForsendelseCase, string>>;
}

export interface Population {
  /** Number of persons: the generated ones plus the documented test users. */
  readonly size: number;
  /** Every person (generated first, then test users), in a stable order. */
  readonly ids: readonly string[];
  get(id: string): SimPerson | undefined;
  /**
   * What Folkeregisteret finds for an identifier: the person (also through a ceased identifier
   * after a merge), `'opphoert'` for a ceased identifier without survivor, or undefined.
   */
  fregLookup(id: string): SimPerson | 'opphoert' | undefined;
  /** Generated persons by the case they represent (test users only in `testUsers`). */
  readonly cases: PopulationCases;
  /** `count` valid synthetic identifiers guaranteed not to be in the population; deterministic. */
  unknownIds(count: number): string[];
}

export interface PopulationOptions {
  /** Number of generated persons. */
  readonly size: number;
  readonly seed: number;
  /** The clock all timestamps are relative to (epoch ms). */
  readonly now: number;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Individnummer ranges by birth year (docs/registers.md N1). */
function individnummerFor(rng: Rng, year: number): number {
  if (year >= 2000) return rng.int(500, 999);
  if (year >= 1940 && rng.chance(0.1)) return rng.int(900, 999);
  return rng.int(0, 499);
}

/** Draws a new identity with a unique, valid synthetic identifier. */
function drawIdentity(
  rng: Rng,
  taken: { has(id: string): boolean },
  dNumberShare: number,
): { id: string; birthDate: string; dNumber: boolean } {
  for (;;) {
    const year = rng.int(1930, 2023);
    const month = rng.int(1, 12);
    const day = rng.int(1, daysIn(month, year));
    const dNumber = rng.chance(dNumberShare);
    const id = buildIdentityNumber({
      day,
      month,
      yy: year % 100,
      individnummer: individnummerFor(rng, year),
      dNumber,
      synthetic: true,
    });
    if (id !== null && !taken.has(id)) {
      return { id, birthDate: `${year}-${pad2(month)}-${pad2(day)}`, dNumber };
    }
  }
}

function birthDateOf(id: string): string {
  const day = Number(id.slice(0, 2)) % 40;
  const encodedMonth = Number(id.slice(2, 4));
  // Reads +80 and ordinary months alike.
  const month = encodedMonth > 80 ? encodedMonth - 80 : encodedMonth;
  const yy = Number(id.slice(4, 6));
  const individ = Number(id.slice(6, 9));
  const year = individ >= 500 && yy <= 39 ? 2000 + yy : 1900 + yy;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** A free synthetic identifier for a given birth date (fødselsnummer or D-number). */
function drawFromBirthDate(
  rng: Rng,
  birthDate: string,
  dNumber: boolean,
  taken: { has(id: string): boolean },
): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  for (;;) {
    const id = buildIdentityNumber({
      day,
      month,
      yy: year % 100,
      individnummer: year >= 2000 ? rng.int(500, 999) : rng.int(0, 499),
      dNumber,
      synthetic: true,
    });
    if (id !== null && !taken.has(id)) return id;
  }
}

interface FixedFregIdentity {
  readonly id: string;
  readonly birthDate: string;
  readonly dNumber: boolean;
  readonly fregCase: FregCase;
}

/**
 * One fixed person per Freg case, with stable identifiers. `osloTidspunkt` is born on 17 May
 * 1990 (midnight in Oslo is `1990-05-16T23:00:00Z`).
 */
function fixedFregIdentities(taken: { has(id: string): boolean }): FixedFregIdentity[] {
  const rng = createRng(0x46495845);
  const chosen = new Set<string>();
  return FREG_CASES.map((fregCase, k) => {
    const birthDate =
      fregCase === 'osloTidspunkt'
        ? '1990-05-17'
        : `${1940 + ((k * 7) % 60)}-${pad2(1 + (k % 12))}-${pad2(1 + ((k * 5) % 28))}`;
    const dNumber = fregCase === 'dNummer';
    const id = drawFromBirthDate(rng, birthDate, dNumber, {
      has: (candidate) => taken.has(candidate) || chosen.has(candidate),
    });
    chosen.add(id);
    return { id, birthDate, dNumber, fregCase };
  });
}

/**
 * Generates `size` persons from `seed` (same seed and clock → same data), plus the fixed KRR test
 * users. Every identifier is a valid +80 synthetic number; about 6% are D-numbers.
 */
export function generatePopulation(options: PopulationOptions): Population {
  const { size, seed, now } = options;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new TypeError(
      `"populationSize" must be a non-negative integer, received ${String(size)}`,
    );
  }
  const identityRng = createRng(seed);
  // A separate stream per register keeps identities stable when a register's generator changes.
  const krrRng = createRng(seed ^ 0x4b525221);
  const fregRng = createRng(seed ^ 0x46524547);
  const persons = new Map<string, SimPerson>();
  const testUsers = krrTestUsers(now);
  const taken = new Set(testUsers.map((u) => u.id));
  const fixed = fixedFregIdentities(taken);
  for (const identity of fixed) taken.add(identity.id);
  const fregCases = Object.fromEntries(
    [...FREG_CASES, ...FORSENDELSE_FREG_CASES].map((c) => [c, [] as string[]]),
  ) as Record<FregCase, string[]>;
  const cases = {
    reserved: [] as string[],
    expired: [] as string[],
    deleted: [] as string[],
    mailbox: [] as string[],
    mobileOnly: [] as string[],
    emailOnly: [] as string[],
    bothChannels: [] as string[],
    emptyStrings: [] as string[],
    testUsers: testUsers.map((u) => u.id),
  };
  // Fixed persons first in each Freg list, so `cases.freg.<case>[0]` is the same for any size.
  for (const identity of fixed) fregCases[identity.fregCase].push(identity.id);
  const addKrr = (id: string, generated: ReturnType<typeof generateKrrRecord>): void => {
    if (generated === null) return;
    if (generated.case !== null) cases[generated.case].push(id);
    if (generated.mailbox) cases.mailbox.push(id);
  };

  for (let index = 0; index < size; index++) {
    const identity = drawIdentity(identityRng, taken, 0.06);
    taken.add(identity.id);
    const generated = generateKrrRecord(krrRng, index, now);
    const fregCase: FregCase = identity.dNumber ? 'dNummer' : drawFregCase(fregRng);
    persons.set(identity.id, {
      ...identity,
      nameSeed: identityRng.int(0, 0x7fffffff),
      krr: generated?.record ?? null,
      freg: { case: fregCase, seed: fregRng.int(0, 0x7fffffff) },
    });
    fregCases[fregCase].push(identity.id);
    addKrr(identity.id, generated);
  }
  for (const user of testUsers) {
    persons.set(user.id, {
      id: user.id,
      birthDate: birthDateOf(user.id),
      dNumber: false,
      nameSeed: Number(user.id.slice(5)),
      krr: user.record,
      freg: { case: 'vegadresse', seed: fregRng.int(0, 0x7fffffff) },
    });
    fregCases.vegadresse.push(user.id);
  }
  fixed.forEach((identity, i) => {
    const generated = generateKrrRecord(krrRng, size + i, now);
    persons.set(identity.id, {
      id: identity.id,
      birthDate: identity.birthDate,
      dNumber: identity.dNumber,
      nameSeed: 1_000_003 * (i + 1),
      krr: generated?.record ?? null,
      freg: { case: identity.fregCase, seed: 4242 + i },
    });
    addKrr(identity.id, generated);
  });

  // The letter-routing persons: their own random stream, after everyone else, so no other
  // person's identifier or data changes. Only the new document kinds are listed in `cases.freg`.
  const forsendelseRng = createRng(0x464f5253);
  const forsendelse = {} as Record<ForsendelseCase, string>;
  const notInFreg = new Set<string>();
  Object.entries(FORSENDELSE_PERSONS).forEach(([name, spec], i) => {
    const dNumber = D_NUMBER_CASES.has(spec.freg);
    const id = drawFromBirthDate(forsendelseRng, spec.birthDate, dNumber, taken);
    taken.add(id);
    persons.set(id, {
      id,
      birthDate: spec.birthDate,
      dNumber,
      nameSeed: 2_000_003 * (i + 1),
      krr: spec.krr === null ? null : forsendelseKrrRecord(spec.krr, i, now),
      freg: { case: spec.freg, seed: 9000 + i },
    });
    forsendelse[name as ForsendelseCase] = id;
    if ('ikkeIFolkeregisteret' in spec) notInFreg.add(id);
    if ((FORSENDELSE_FREG_CASES as readonly FregCase[]).includes(spec.freg))
      fregCases[spec.freg].push(id);
  });

  // Merges: each survivor's earlier D-number (same birth date) is a ceased identifier.
  const aliases = new Map<string, string>();
  const ceasedIds: string[] = [];
  for (const id of fregCases.sammenslaatt) {
    const person = persons.get(id);
    if (person === undefined) continue;
    const ceased = drawFromBirthDate(fregRng, person.birthDate, true, taken);
    taken.add(ceased);
    aliases.set(ceased, id);
    ceasedIds.push(ceased);
    persons.set(id, { ...person, freg: { ...person.freg, ceasedId: ceased } });
  }
  const opphoert = new Set<string>();
  for (let i = 0; i < Math.max(3, Math.floor(size / 2000)); i++) {
    const { id } = drawIdentity(fregRng, taken, 0);
    taken.add(id);
    opphoert.add(id);
  }
  const freg: FregCases = {
    ...fregCases,
    tidligereIdentifikatorer: ceasedIds,
    opphoert: [...opphoert],
  };
  const ids = [...persons.keys()];

  return {
    size: ids.length,
    ids,
    get: (id) => persons.get(id),
    fregLookup(id) {
      const alias = aliases.get(id);
      if (alias !== undefined) return persons.get(alias);
      if (opphoert.has(id)) return 'opphoert';
      if (notInFreg.has(id)) return undefined;
      return persons.get(id);
    },
    cases: { ...cases, freg, forsendelse },
    unknownIds(count) {
      const rng = createRng(seed ^ 0x554e4b4e);
      const unknown = new Set<string>();
      while (unknown.size < count) {
        const { id } = drawIdentity(rng, taken, 0.06);
        unknown.add(id);
      }
      return [...unknown];
    },
  };
}
