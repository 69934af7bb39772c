// planOperation (which Person fields an operation selects, where, under which root) and
// decideAccess (which of them the caller's scopes and the subgraph's grants allow), on the real
// schema without HTTP.
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decideAccess, type GrantedScopes } from '../../../src/graphql/access.ts';
import { planOperation } from '../../../src/graphql/plan.ts';
import { buildSchema } from '../../../src/graphql/schema.ts';

const { schema, callerScopeOf } = buildSchema();

function plan(document: string) {
  const parsed = parse(document);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const definition of parsed.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    if (definition.kind === Kind.OPERATION_DEFINITION) operation = definition;
  }
  if (operation === undefined) throw new Error('no operation');
  return planOperation(schema, operation, fragments);
}

const ALL_GRANTS: GrantedScopes = {
  krr: new Set(['krr:global/kontaktinformasjon.read', 'krr:global/digitalpost.read']),
  freg: new Set(['folkeregister:deling/offentligmedhjemmel']),
};
const ALL_CALLER: ReadonlySet<string> = new Set([...callerScopeOf.values()].flat());

describe('planOperation', () => {
  it('finds Person fields under aliases, fragments, inline fragments and _entities', () => {
    const p = plan(`query($r: [_Any!]!) {
      a: personer(personidentifikatorer: []) { kanVarsles ...F }
      _entities(representations: $r) { ... on Person { navn { fornavn } } }
    }
    fragment F on Person { ... on Person { digitalPost { postkasseadresse } } }`);
    expect(p.selections).toEqual([
      { field: 'kanVarsles', path: 'a.kanVarsles', root: 'personer' },
      { field: 'digitalPost', path: 'a.digitalPost', root: 'personer' },
      { field: 'navn', path: '_entities.navn', root: '_entities' },
    ]);
    expect([...p.personFields].sort()).toEqual(['digitalPost', 'kanVarsles', 'navn']);
    expect(p.needsKrr).toBe(true);
    expect(p.needsFreg).toBe(true);
    expect(p.fregParts.length).toBeGreaterThan(0);
    expect(p.readsPersons).toBe(true);
  });

  it('records a field selected twice at one path once, at two paths twice', () => {
    const p = plan(`{ person(personidentifikator: "x") { kjoenn kjoenn ...K }
      other: person(personidentifikator: "y") { kjoenn } }
      fragment K on Person { kjoenn }`);
    expect(p.selections.map((s) => s.path)).toEqual(['person.kjoenn', 'other.kjoenn']);
  });

  it('asks no register for a KRR-only or Freg-only operation', () => {
    const krrOnly = plan('{ person(personidentifikator: "x") { reservasjon { reservert } } }');
    expect([krrOnly.needsKrr, krrOnly.needsFreg, krrOnly.fregParts]).toEqual([true, false, []]);
    const fregOnly = plan('{ person(personidentifikator: "x") { kjoenn } }');
    expect([fregOnly.needsKrr, fregOnly.needsFreg]).toEqual([false, true]);
    const idOnly = plan('{ person(personidentifikator: "x") { personidentifikator } }');
    expect([idOnly.needsKrr, idOnly.needsFreg]).toEqual([false, false]);
  });

  it('does not read persons for __typename, introspection and _service alone', () => {
    expect(
      plan('{ __typename _service { sdl } __schema { queryType { name } } }').readsPersons,
    ).toBe(false);
    expect(plan('{ ...Q } fragment Q on Query { __typename }').readsPersons).toBe(false);
    expect(plan('{ ...Q } fragment Q on Query { meg { personidentifikator } }').readsPersons).toBe(
      true,
    );
  });

  it('stops at a fragment cycle', () => {
    const p = plan(`{ person(personidentifikator: "x") { ...A } }
      fragment A on Person { kjoenn ...B } fragment B on Person { navn { fornavn } ...A }`);
    expect(p.selections.map((s) => s.field)).toEqual(['kjoenn', 'navn']);
  });
});

describe('decideAccess', () => {
  const OPERATION = `{ personer(personidentifikatorer: []) {
    kanVarsles reservasjon { reservert } digitalPost { postkasseadresse } navn { fornavn }
    adressebeskyttelse { gradering } } }`;

  it('allows everything with every caller scope and every grant', () => {
    const decision = decideAccess(plan(OPERATION), callerScopeOf, ALL_CALLER, ALL_GRANTS);
    expect(decision.denials).toEqual([]);
    expect([...decision.fetch.personFields].sort()).toEqual([
      'adressebeskyttelse',
      'digitalPost',
      'kanVarsles',
      'navn',
      'reservasjon',
    ]);
    expect(decision.includeProtectedAddresses).toBe(true);
  });

  it('denies on the caller side what the token lacks, and does not fetch it', () => {
    const caller = new Set(['person:kontaktinformasjon.read', 'person:folkeregister.read']);
    const decision = decideAccess(plan(OPERATION), callerScopeOf, caller, ALL_GRANTS);
    expect(decision.denials).toEqual([
      {
        field: 'digitalPost',
        path: 'personer.digitalPost',
        root: 'personer',
        side: 'caller',
        scope: 'person:digitalpost.read',
      },
      {
        field: 'adressebeskyttelse',
        path: 'personer.adressebeskyttelse',
        root: 'personer',
        side: 'caller',
        scope: 'person:adressebeskyttelse.read',
      },
    ]);
    expect([...decision.fetch.personFields].sort()).toEqual(['kanVarsles', 'navn', 'reservasjon']);
    expect(decision.includeProtectedAddresses).toBe(false);
  });

  it('denies on the upstream side what the grant lacks; KRR status needs any KRR token', () => {
    const granted: GrantedScopes = {
      krr: new Set(['krr:global/digitalpost.read']),
      freg: new Set(['folkeregister:deling/offentligutenhjemmel']),
    };
    const decision = decideAccess(plan(OPERATION), callerScopeOf, ALL_CALLER, granted);
    expect(decision.denials.map((d) => [d.field, d.side, d.register, d.scope])).toEqual([
      ['kanVarsles', 'upstream', 'krr', 'krr:global/kontaktinformasjon.read'],
      ['adressebeskyttelse', 'upstream', 'freg', 'folkeregister:deling/offentligmedhjemmel'],
    ]);
    expect([...decision.fetch.personFields].sort()).toEqual(['digitalPost', 'navn', 'reservasjon']);
    expect(decision.includeProtectedAddresses).toBe(false);
  });

  it('denies every field of a register that is not configured', () => {
    const decision = decideAccess(plan(OPERATION), callerScopeOf, ALL_CALLER, {
      ...ALL_GRANTS,
      krr: null,
    });
    expect(decision.denials.map((d) => d.field)).toEqual([
      'kanVarsles',
      'reservasjon',
      'digitalPost',
    ]);
    expect(decision.fetch.needsKrr).toBe(false);
  });

  it('fetches when the grant is unknown, so each person reports the token failure', () => {
    const decision = decideAccess(plan(OPERATION), callerScopeOf, ALL_CALLER, {
      krr: 'unknown',
      freg: 'unknown',
    });
    expect(decision.denials).toEqual([]);
    expect(decision.fetch.needsKrr).toBe(true);
    expect(decision.includeProtectedAddresses).toBe(false);
  });

  it("leaves meg's KRR fields to the end user's token, not the subgraph's KRR grant", () => {
    const decision = decideAccess(
      plan('{ meg { kanVarsles navn { fornavn } } }'),
      callerScopeOf,
      ALL_CALLER,
      { krr: new Set(), freg: ALL_GRANTS.freg },
    );
    expect(decision.denials).toEqual([]);
    expect([...decision.fetch.personFields].sort()).toEqual(['kanVarsles', 'navn']);
  });

  it('reports one denial per selection path, not per field', () => {
    const decision = decideAccess(
      plan(
        '{ a: person(personidentifikator: "x") { kjoenn } b: person(personidentifikator: "y") { kjoenn } }',
      ),
      callerScopeOf,
      new Set(),
      ALL_GRANTS,
    );
    expect(decision.denials.map((d) => d.path)).toEqual(['a.kjoenn', 'b.kjoenn']);
  });
});
