// `npm run schema:baseline`: when a version is published, schema.graphql becomes the baseline
// the schema check compares with (schema/published.graphql), byte for byte. Move CHANGELOG.md's
// Unreleased entries under the new version's heading in the same commit (README, "Schema policy").
import { copyFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url);
await copyFile(new URL('schema.graphql', root), new URL('schema/published.graphql', root));
console.log('schema/published.graphql now holds schema.graphql');
