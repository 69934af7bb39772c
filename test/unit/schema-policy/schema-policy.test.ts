// The schema evolution check (scripts/schema-policy.ts, README "Schema policy") on fixture
// schemas: each breaking kind is refused, an announcement in CHANGELOG.md lets it through,
// removals need a standing deprecation first, dangerous changes warn, additions pass.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  announcedBreakingChanges,
  checkSchema,
  type SchemaCheckResult,
} from '../../../scripts/schema-policy.ts';

const PUBLISHED = readFileSync(new URL('fixtures/published.graphql', import.meta.url), 'utf8');
const TODAY = '2026-12-03';
const NO_ENTRIES =
  '# Changelog\n\n## [Unreleased]\n\n## [0.1.0]\n\n- BREAKING `Person.epostadresse`\n';

function changelog(...lines: string[]): string {
  return `# Changelog\n\n## [Unreleased]\n\n### Removed\n\n${lines.join('\n')}\n\n## [0.1.0]\n`;
}

/** The published fixture with `from` replaced by `to` (which must occur). */
function edited(from: string, to: string): string {
  expect(PUBLISHED).toContain(from);
  return PUBLISHED.replace(from, to);
}

async function check(current: string, log = NO_ENTRIES): Promise<SchemaCheckResult> {
  return checkSchema({ baseline: PUBLISHED, current, changelog: log, today: TODAY });
}

describe('schema check', () => {
  it('passes the unchanged schema', async () => {
    expect(await check(PUBLISHED)).toEqual({ errors: [], warnings: [], safe: [] });
  });

  it('passes an added field and an added type as safe', async () => {
    const result = await check(
      edited('  epostadresse: String\n', '  epostadresse: String\n  mobil: Mobil\n') +
        '\ntype Mobil {\n  nummer: String\n}\n',
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.safe.some((s) => s.startsWith('Person.mobil '))).toBe(true);
    expect(result.safe.some((s) => s.startsWith('Mobil '))).toBe(true);
  });

  it('refuses a removed field that was not deprecated, even when announced', async () => {
    const current = edited('  epostadresse: String\n', '');
    const plain = await check(current);
    expect(plain.errors).toHaveLength(1);
    expect(plain.errors[0]).toMatch(/^breaking: Person\.epostadresse \(FIELD_REMOVED\)/);
    const announced = await check(current, changelog('- BREAKING `Person.epostadresse`: gone.'));
    expect(announced.errors).toHaveLength(1);
    expect(announced.errors[0]).toContain('not deprecated in the published schema');
  });

  it('lets a deprecated field go after its removal date, when announced', async () => {
    const current = edited(
      '  gammelAdresse: String @deprecated(reason: "Use epostadresse. Removal after 2026-01-31.")\n',
      '',
    );
    const unannounced = await check(current);
    expect(unannounced.errors).toHaveLength(1);
    expect(unannounced.errors[0]).toContain('not announced');
    expect(unannounced.errors[0]).toContain('`Person.gammelAdresse`');
    const announced = await check(
      current,
      changelog('- BREAKING `Person.gammelAdresse`: removed.'),
    );
    expect(announced.errors).toEqual([]);
    expect(announced.warnings).toEqual([
      expect.stringMatching(/^breaking, announced in CHANGELOG\.md: Person\.gammelAdresse /),
    ]);
  });

  it('refuses removing a deprecated field before its date or without a date', async () => {
    const early = edited(
      '  nyligForeldet: String @deprecated(reason: "Use epostadresse. Removal after 2027-06-30.")\n',
      '',
    );
    const log = changelog('- BREAKING `Person.nyligForeldet` and `Person.utenDato`: removed.');
    expect((await check(early, log)).errors).toEqual([
      expect.stringContaining('its deprecation stands until 2027-06-30'),
    ]);
    const undated = edited('  utenDato: String @deprecated(reason: "Use epostadresse.")\n', '');
    expect((await check(undated, log)).errors).toEqual([
      expect.stringContaining('states no "Removal after YYYY-MM-DD."'),
    ]);
  });

  it('refuses an output field made nullable and an optional argument made required', async () => {
    // Output: non-null to nullable is breaking for clients that rely on a value.
    const nullable = await check(
      edited('  personidentifikator: ID!\n  kontakt', '  personidentifikator: ID\n  kontakt'),
    );
    expect(nullable.errors).toEqual([
      expect.stringMatching(/^breaking: Person\.personidentifikator \(FIELD_TYPE_CHANGED\)/),
    ]);
    // Argument: nullable to required breaks every operation that leaves it out.
    const required = await check(edited('inkluderDoede: Boolean)', 'inkluderDoede: Boolean!)'));
    expect(required.errors).toEqual([
      expect.stringMatching(/^breaking: Query\.personer\.inkluderDoede /),
    ]);
  });

  it('refuses a removed enum value', async () => {
    const result = await check(edited('  SLETTET\n', ''));
    expect(result.errors).toEqual([
      expect.stringMatching(/^breaking: Kontaktregisterstatus\.SLETTET \(ENUM_VALUE_REMOVED\)/),
    ]);
  });

  it('refuses a renamed argument', async () => {
    const result = await check(edited('person(personidentifikator: ID!)', 'person(id: ID!)'));
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.join('\n')).toMatch(/Query\.person\.(id|personidentifikator) /);
  });

  it('lets an announced breaking change through', async () => {
    const current = edited(
      'person(personidentifikator: ID!)',
      'person(personidentifikator: String!)',
    );
    expect((await check(current)).errors).toHaveLength(1);
    const result = await check(
      current,
      changelog('- BREAKING `Query.person.personidentifikator`: now String.'),
    );
    expect(result.errors).toEqual([]);
  });

  it('warns of a new enum value and a new nullable argument (dangerous), and passes them', async () => {
    const result = await check(
      edited('  SLETTET\n', '  SLETTET\n  UKJENT\n').replace(
        'person(personidentifikator: ID!)',
        'person(personidentifikator: ID!, historikk: Boolean)',
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dangerous: Kontaktregisterstatus\.UKJENT \(ENUM_VALUE_ADDED\)/),
        expect.stringMatching(/^dangerous: Query\.person\.historikk \(FIELD_ARGUMENT_ADDED\)/),
      ]),
    );
  });

  it('asks a new deprecation for a removal date the whole period away', async () => {
    const soon = await check(
      edited(
        '  epostadresse: String\n',
        '  epostadresse: String @deprecated(reason: "Removal after 2027-01-01.")\n',
      ),
    );
    expect(soon.errors).toEqual([expect.stringContaining('no earlier than 2027-03-03 (90 days)')]);
    const later = await check(
      edited(
        '  epostadresse: String\n',
        '  epostadresse: String @deprecated(reason: "Use x. Removal after 2027-03-03.")\n',
      ),
    );
    expect(later.errors).toEqual([]);
  });

  it('reads announcements only from the Unreleased section, on BREAKING lines', () => {
    const log = [
      '## [Unreleased]',
      '- BREAKING `Person.a` and `Person.b`: removed.',
      '- `Person.c`: added.',
      '## [0.1.0]',
      '- BREAKING `Person.d`',
    ].join('\n');
    expect([...announcedBreakingChanges(log)]).toEqual(['Person.a', 'Person.b']);
  });
});

describe('the repository', () => {
  it('has schema.graphql pass the check against schema/published.graphql', async () => {
    const read = (path: string): string =>
      readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
    const result = await checkSchema({
      baseline: read('schema/published.graphql'),
      current: read('schema.graphql'),
      changelog: read('CHANGELOG.md'),
      today: new Date().toISOString().slice(0, 10),
    });
    expect(result.errors).toEqual([]);
  });
});
