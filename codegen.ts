// graphql-codegen: resolver types from schema.graphql, with parents mapped to the domain models
// in src/domain so resolvers are typed against what they really return.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useTypeImports: true,
        immutableTypes: true,
        strictScalars: true,
        enumsAsTypes: true,
        useIndexSignature: false,
        emitLegacyCommonJSImports: false,
        importExtension: '.ts',
        contextType: '../context.ts#RequestContext',
        scalars: {
          ID: 'string',
          DateTime: 'string',
          Date: 'string',
          _FieldSet: 'string',
        },
        mappers: {
          Person: '../../domain/person.ts#PersonModel',
          Forsendelse: '../../domain/forsendelse.ts#Forsendelse as ForsendelseModel',
        },
      },
    },
  },
};

export default config;
