// The kustomize overlays under deploy/kubernetes, rendered: every object valid against its
// Kubernetes API schema (kubernetes-models), and in agreement with the code.
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { FREG_PRESETS, KRR_PRESETS, MASKINPORTEN_PRESETS } from '../../src/config/presets.ts';
import {
  RUNTIME_VARIABLES,
  SECRET_NAME,
  SECRET_STAND_INS,
  SERVED_PATHS,
  loadConfigRecording,
  memorySizingProblems,
  requestedScopes,
} from './agreement.ts';
import { ROOT, at, renderKustomization, type JsonObject } from './render.ts';

/** Validates `object` against its API schema (throws on a violation or an unknown kind). */
function validateObject(object: JsonObject): void {
  if (Deployment.is(object)) new Deployment(object).validate();
  else if (HorizontalPodAutoscaler.is(object)) new HorizontalPodAutoscaler(object).validate();
  else if (NetworkPolicy.is(object)) new NetworkPolicy(object).validate();
  else if (PodDisruptionBudget.is(object)) new PodDisruptionBudget(object).validate();
  else if (ConfigMap.is(object)) new ConfigMap(object).validate();
  else if (Service.is(object)) new Service(object).validate();
  else if (ServiceAccount.is(object)) new ServiceAccount(object).validate();
  else throw new Error(`no schema for ${JSON.stringify([object['apiVersion'], object['kind']])}`);
}

/** The secret keys the Deployment's Secret holds for plain Kubernetes (README "Deploy"). */
const PLAIN_SECRET_STAND_INS = {
  ...SECRET_STAND_INS,
  MASKINPORTEN_CLIENT_ID: 'stand-in-client-id',
  MASKINPORTEN_CLIENT_JWK: JSON.stringify({ kty: 'RSA', kid: 'k', n: 'n', e: 'AQAB', d: 'd' }),
};

describe.each(['test', 'prod'] as const)('deploy/kubernetes/overlays/%s', (environment) => {
  const objects = renderKustomization(join(ROOT, 'deploy/kubernetes/overlays', environment));
  const one = (kind: string): JsonObject => {
    const found = objects.filter((o) => o['kind'] === kind);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const deployment = one('Deployment');
  const pod = at(deployment, 'spec.template.spec') as JsonObject;
  const container = (pod['containers'] as JsonObject[])[0]!;
  const configMap = one('ConfigMap');
  const data = configMap['data'] as Record<string, string>;
  const { config, read } = loadConfigRecording({ ...PLAIN_SECRET_STAND_INS, ...data });
  const podLabels = at(deployment, 'spec.template.metadata.labels');

  it('renders only objects valid against their Kubernetes API schemas', () => {
    expect(objects.map((o) => o['kind']).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
    for (const object of objects) {
      expect(() => validateObject(object)).not.toThrow();
      expect(at(object, 'metadata.namespace')).toBe(`person-${environment}`);
    }
  });

  it('sets only variables the configuration loader reads, and they load as an upstream start', () => {
    expect(
      Object.keys(data).filter((name) => !read.has(name) && !RUNTIME_VARIABLES.has(name)),
    ).toEqual([]);
    expect(config.mode).toBe('upstream');
    expect(config.auth?.source).toBe('AUTH');
    expect(config.upstream?.maskinporten?.issuer?.href).toBe(MASKINPORTEN_PRESETS[environment]);
    expect(requestedScopes(config)).toEqual([
      'folkeregister:deling/offentligmedhjemmel',
      'krr:global/digitalpost.read',
      'krr:global/kontaktinformasjon.read',
    ]);
    expect(at(container, 'envFrom')).toEqual([
      { configMapRef: { name: at(configMap, 'metadata.name') } },
      { secretRef: { name: 'person-subgraph-secrets' } },
    ]);
  });

  it('holds no secret inline: no Secret object, no secret-named variable in the ConfigMap', () => {
    expect(objects.filter((o) => o['kind'] === 'Secret')).toEqual([]);
    expect(Object.keys(data).filter((name) => SECRET_NAME.test(name))).toEqual([]);
    expect(container['env']).toBeUndefined();
  });

  it('probes the served paths on the port the service listens on', () => {
    const ports = container['ports'] as JsonObject[];
    expect(ports).toEqual([{ name: 'http', containerPort: config.http.port }]);
    expect(config.http.host).toBe('0.0.0.0');
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(SERVED_PATHS).toContain(at(container, `${probe}.httpGet.path`));
      expect(at(container, `${probe}.httpGet.port`)).toBe('http');
    }
    expect(at(container, 'livenessProbe.httpGet.path')).toBe('/health/live');
    expect(at(container, 'readinessProbe.httpGet.path')).toBe('/health/ready');
    const service = one('Service');
    expect(at(service, 'spec.selector')).toEqual(podLabels);
    expect(at(service, 'spec.ports.0.targetPort')).toBe('http');
  });

  it('runs non-root on a read-only root filesystem with all capabilities dropped', () => {
    expect(at(pod, 'securityContext.runAsNonRoot')).toBe(true);
    expect(at(pod, 'securityContext.runAsUser')).toBe(1069);
    expect(at(container, 'securityContext')).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(at(container, 'volumeMounts')).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(at(pod, 'automountServiceAccountToken')).toBe(false);
    const account = one('ServiceAccount');
    expect(account['automountServiceAccountToken']).toBe(false);
    expect(pod['serviceAccountName']).toBe(at(account, 'metadata.name'));
  });

  it('outlasts the shutdown grace period plus the preStop sleep', () => {
    const sleep = at(container, 'lifecycle.preStop.sleep.seconds');
    expect(sleep).toBeTypeOf('number');
    expect(pod['terminationGracePeriodSeconds'] as number).toBeGreaterThan(
      config.shutdown.graceMs / 1000 + (sleep as number),
    );
  });

  it("sizes V8's heap and the admission budget for the memory limit, from BENCHMARKS.md (j)", () => {
    const manifest = {
      limit: String(at(container, 'resources.limits.memory')),
      request: String(at(container, 'resources.requests.memory')),
      nodeOptions: data['NODE_OPTIONS'] ?? '',
    };
    expect(memorySizingProblems(manifest, config)).toEqual([]);
  });

  it('rolls without losing capacity, spreads replicas, scales on CPU, keeps one up in disruptions', () => {
    expect(at(deployment, 'spec.strategy.rollingUpdate.maxUnavailable')).toBe(0);
    const spread = pod['topologySpreadConstraints'] as JsonObject[];
    expect(spread.map((c) => c['topologyKey']).sort()).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    for (const constraint of spread)
      expect(at(constraint, 'labelSelector.matchLabels')).toEqual(podLabels);
    expect(at(container, 'resources.requests.memory')).toBe('640Mi');
    expect(at(container, 'resources.limits.memory')).toBe('1Gi');
    const hpa = one('HorizontalPodAutoscaler');
    expect(at(hpa, 'spec.scaleTargetRef')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: at(deployment, 'metadata.name'),
    });
    expect(at(hpa, 'spec.metrics.0.resource.name')).toBe('cpu');
    expect(at(hpa, 'spec.minReplicas') as number).toBeGreaterThanOrEqual(2);
    const pdb = one('PodDisruptionBudget');
    expect(at(pdb, 'spec.selector.matchLabels')).toEqual(podLabels);
    expect(at(pdb, 'spec.maxUnavailable')).toBe(1);
  });

  it('lets in the router (and Prometheus) only, and out DNS and HTTPS to the configured hosts', () => {
    const policy = one('NetworkPolicy');
    expect(at(policy, 'spec.podSelector.matchLabels')).toEqual(podLabels);
    expect(at(policy, 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    const ingress = at(policy, 'spec.ingress') as JsonObject[];
    expect(ingress.map((rule) => at(rule, 'from.0.podSelector.matchLabels'))).toEqual([
      { 'app.kubernetes.io/name': 'router' },
      { 'app.kubernetes.io/name': 'prometheus' },
    ]);
    const egress = at(policy, 'spec.egress') as JsonObject[];
    expect(egress.map((rule) => at(rule, 'ports'))).toEqual([
      [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
      [{ protocol: 'TCP', port: 443 }],
    ]);
    const hosts = String(at(policy, 'metadata.annotations.person-subgraph/egress-hosts'))
      .split(',')
      .sort();
    expect(hosts).toEqual(
      [
        config.upstream?.krr?.baseUrl.host,
        config.upstream?.freg?.baseUrl.host,
        config.upstream?.maskinporten?.issuer?.host,
        config.auth?.jwksUri.host,
      ].sort(),
    );
    expect(hosts).toEqual(
      expect.arrayContaining([
        new URL(KRR_PRESETS[environment]).host,
        new URL(FREG_PRESETS[environment]).host,
      ]),
    );
  });
});
