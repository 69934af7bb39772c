// `npm run schema:check`: schema.graphql against the published baseline, schema/published.graphql
// (README, "Schema policy"). Exit status 1 on a refused change; dangerous ones are warnings.
import { readFile } from 'node:fs/promises';
import { checkSchema } from './schema-policy.ts';

const root = new URL('../', import.meta.url);
const read = (path: string): Promise<string> => readFile(new URL(path, root), 'utf8');

const result = await checkSchema({
  baseline: await read('schema/published.graphql'),
  current: await read('schema.graphql'),
  changelog: await read('CHANGELOG.md'),
  today: new Date().toISOString().slice(0, 10),
});
for (const line of result.safe) console.log(`safe: ${line}`);
for (const line of result.warnings) console.warn(`warning: ${line}`);
for (const line of result.errors) console.error(`error: ${line}`);
console.log(
  `schema check: ${result.safe.length} safe, ${result.warnings.length} warnings, ` +
    `${result.errors.length} refused`,
);
if (result.errors.length > 0) process.exitCode = 1;
