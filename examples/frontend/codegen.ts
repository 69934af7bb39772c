// graphql-codegen client preset for the frontend example: typed documents for the operations in
// src/*.ts, from the subgraph's schema.graphql (what a router serves of it). Separate from the
// repository's codegen.ts, which generates the server's resolver types.
// `npm run example:check` regenerates src/gql and type-checks the example against it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        // README, "Scalars": DateTime is RFC 3339 with an explicit offset, Date is YYYY-MM-DD.
        scalars: { DateTime: 'string', Date: 'string', _FieldSet: 'string' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
