// The Grafbase CLI's dev gateway (`grafbase dev`, the Rust binary that the `grafbase` npm package
// takes from its platform package, @grafbase/cli-<target>, installed directly) in front of the person and case subgraphs, with the auth
// directives. `grafbase dev` composes the graph itself from the subgraphs' SDL files (graph
// overrides), verifies caller tokens against the simulator's JWKS (the embedded JWT provider;
// the JWT extension would have to be downloaded) and forwards Authorization to the subgraphs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeGateway, type GatewayProfile } from '../federation/support/gateway-suite.ts';
import { freePort, installed, startGatewayProcess } from './support/gateway-process.ts';

const PLATFORM: Readonly<Record<string, string>> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};
const triple = PLATFORM[`${process.platform}-${process.arch}`];
const BIN =
  (triple === undefined ? null : installed('@grafbase', `cli-${triple}`, 'grafbase')) ??
  installed('grafbase', 'grafbase');

/** TOML basic string. */
function toml(value: string): string {
  return JSON.stringify(value);
}

/** Grafbase with the SDL as served by default, or without the auth directives. */
function grafbase(authDirectives: boolean): GatewayProfile {
  return {
    name: authDirectives ? 'Grafbase' : 'Grafbase (SDL without auth directives)',
    authDirectives,
    unavailable: () =>
      BIN === null
        ? `no grafbase binary for ${process.platform}-${process.arch} in test/gateways/node_modules (test/gateways/package.json installs @grafbase/cli-x86_64-unknown-linux-musl only; add the package for this platform)`
        : null,
    async start({ person, cases, idp, workDir }) {
      const port = await freePort();
      const gatewayConfig = join(workDir, 'grafbase.toml');
      writeFileSync(
        gatewayConfig,
        [
          '[[headers]]',
          'rule = "forward"',
          'name = "authorization"',
          '',
          '[[authentication.providers]]',
          '[authentication.providers.jwt]',
          'name = "dev-idp"',
          '[authentication.providers.jwt.jwks]',
          `url = ${toml(idp.jwksUri)}`,
          `issuer = ${toml(idp.issuer)}`,
          `audience = ${toml(idp.audience)}`,
          'poll_interval = "60s"',
          '',
        ].join('\n'),
      );
      const overrides = join(workDir, 'graph-overrides.toml');
      writeFileSync(
        overrides,
        [
          '[subgraphs.person]',
          `url = ${toml(person.url)}`,
          `schema_path = ${toml(person.sdlFile)}`,
          '',
          '[subgraphs.cases]',
          `url = ${toml(cases.url)}`,
          `schema_path = ${toml(cases.sdlFile)}`,
          '',
        ].join('\n'),
      );
      return startGatewayProcess({
        command: BIN as string,
        args: [
          '--home',
          join(workDir, 'grafbase-home'),
          'dev',
          '--gateway-config',
          gatewayConfig,
          '--graph-overrides',
          overrides,
          '--port',
          String(port),
        ],
        cwd: workDir,
        url: `http://127.0.0.1:${port}/graphql`,
      });
    },
    expect: {
      // Grafbase nulls no entity: the error sits on the reference field, its register fields null.
      invalidIdentifierPath: (i) => ['saker', i, 'part'],
      // Subgraph errors become SUBGRAPH_ERROR with the original extensions nested.
      codeAt: 'extensions.upstream_extensions.code',
      // With the directives Grafbase enforces @requiresScopes itself, one UNAUTHORIZED error per
      // person; without them the subgraph decides, with one FORBIDDEN error per selection.
      denial: authDirectives
        ? { by: 'gateway', code: 'UNAUTHORIZED', perItem: true }
        : { by: 'subgraph', code: 'FORBIDDEN' },
      // Authentication is configured, so the gateway refuses the request before planning.
      unauthenticated: { code: 'UNAUTHENTICATED', perItem: false },
    },
  };
}

describeGateway(grafbase(true));
describeGateway(grafbase(false));
