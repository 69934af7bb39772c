// Stand-alone register simulator (`npm run simulator`): starts it, prints where it listens and
// where the client's private key and the gateway's API key were written, and stops on
// SIGINT/SIGTERM.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from './index.ts';

async function main(): Promise<void> {
  const simulator = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'register-simulator-'));
  const keyFile = join(dir, 'maskinporten-client.jwk.json');
  await writeFile(keyFile, JSON.stringify(simulator.client.privateJwk), { mode: 0o600 });
  const apiKeyFile = join(dir, 'gateway-api-key.txt');
  await writeFile(apiKeyFile, simulator.gateway.apiKey, { mode: 0o600 });

  console.log(
    [
      'Register simulator (synthetic data only)',
      `  Maskinporten issuer:    ${simulator.maskinporten.issuer}`,
      `  Maskinporten metadata:  ${simulator.maskinporten.wellKnownUrl}`,
      `  KRR:                    ${simulator.krrUrl}/rest/v2/personer (and /rest/v1/personer)`,
      `  Folkeregisteret:        ${simulator.fregUrl}/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag`,
      `                          ${simulator.fregUrl}/folkeregisteret/api/offentligutenhjemmel/v1/personer/bulkoppslag`,
      `  Token service (NAIS):   ${simulator.tokenService.endpoint}`,
      `  API gateway:            ${simulator.gateway.url} (X-Gravitee-Api-Key or ApiKey: the key in ${apiKeyFile})`,
      `  Caller IdP issuer:      ${simulator.idp.issuer}`,
      `  Client id:              ${simulator.client.clientId}`,
      `  Client private JWK:     ${keyFile}`,
      `  Population:             ${simulator.population.size} persons, e.g. ${simulator.population.ids.slice(0, 3).join(', ')}`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    Promise.all([simulator.close(), rm(dir, { recursive: true, force: true })])
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('The register simulator failed to start:', error);
  process.exit(1);
});
