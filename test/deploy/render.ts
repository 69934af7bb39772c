// Renders the deployment manifests the way their tools do, for the tests beside this file:
// - NAIS: `{{ name }}` / `{{ a.b }}` variables from .nais/<env>.yaml (nais/deploy's templating;
//   only plain substitution is used in .nais/app.yaml, anything else fails here);
// - kustomize: the subset the files under deploy/kubernetes use (resources, namespace, images,
//   configMapGenerator with create/merge, JSON 6902 patches with add/replace/remove). A
//   kustomization using any other field fails the render, so it is never silently misread. No
//   kustomize binary is installable here (neither npm nor Debian ships a maintained one).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '../..');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (dot-separated keys) in `root`, or undefined. */
export function at(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** .nais/app.yaml rendered with .nais/<env>.yaml (plus `image`, which the deploy supplies). */
export function renderNais(
  env: 'test' | 'prod',
  image = 'example.invalid/person-subgraph:1',
): {
  readonly app: JsonObject;
  readonly vars: JsonObject;
} {
  const vars: unknown = parse(readFileSync(join(ROOT, '.nais', `${env}.yaml`), 'utf8'));
  if (!isObject(vars)) throw new Error(`.nais/${env}.yaml is not a mapping`);
  const template = readFileSync(join(ROOT, '.nais', 'app.yaml'), 'utf8');
  const scope: JsonObject = { ...vars, image };
  const text = template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => {
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name))
      throw new Error(`.nais/app.yaml: unsupported template expression {{ ${name} }}`);
    const value = at(scope, name);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new Error(`.nais/app.yaml: {{ ${name} }} has no scalar value in .nais/${env}.yaml`);
    return String(value);
  });
  const app: unknown = parse(text);
  if (!isObject(app)) throw new Error('.nais/app.yaml does not render to a mapping');
  return { app, vars };
}

const KUSTOMIZATION_KEYS = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'images',
  'configMapGenerator',
  'generatorOptions',
  'patches',
]);

function decodePointer(path: string): string[] {
  if (!path.startsWith('/')) throw new Error(`patch path must start with "/": ${path}`);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 add / replace / remove on `target`, in place. */
function applyJsonPatch(target: JsonObject, operations: unknown): void {
  if (!Array.isArray(operations)) throw new Error('a patch must be a JSON 6902 operation list');
  for (const operation of operations) {
    if (!isObject(operation)) throw new Error('a patch operation must be a mapping');
    const { op, path, value } = operation;
    if (typeof path !== 'string') throw new Error('a patch operation needs a path');
    const parts = decodePointer(path);
    const last = parts.pop();
    if (last === undefined) throw new Error('a patch path must name a member');
    let parent: Json = target;
    for (const part of parts) {
      const next: Json | undefined = Array.isArray(parent)
        ? parent[Number(part)]
        : isObject(parent)
          ? parent[part]
          : undefined;
      if (next === undefined) throw new Error(`patch path ${path}: ${part} does not exist`);
      parent = next;
    }
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new Error(`unsupported patch op ${JSON.stringify(op)}`);
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length)
        throw new Error(`patch path ${path}: bad index`);
      if (op === 'add') parent.splice(index, 0, value ?? null);
      else if (index >= parent.length) throw new Error(`patch path ${path} does not exist`);
      else if (op === 'replace') parent[index] = value ?? null;
      else parent.splice(index, 1);
    } else if (isObject(parent)) {
      if (op !== 'add' && !(last in parent)) throw new Error(`patch path ${path} does not exist`);
      if (op === 'remove') delete parent[last];
      else parent[last] = value ?? null;
    } else {
      throw new Error(`patch path ${path}: parent is not a container`);
    }
  }
}

function literalsOf(list: unknown, where: string): JsonObject {
  if (!Array.isArray(list)) throw new Error(`${where}: literals must be a list`);
  const data: JsonObject = {};
  for (const item of list) {
    const match = typeof item === 'string' ? /^([^=]+)=(.*)$/.exec(item) : null;
    if (match === null) throw new Error(`${where}: literal ${String(item)} is not KEY=value`);
    data[match[1]!] = match[2]!;
  }
  return data;
}

/** Objects of a kustomization directory, as `kubectl apply -k` would send them. */
export function renderKustomization(dir: string): JsonObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k: unknown = parse(readFileSync(file, 'utf8'));
  if (!isObject(k)) throw new Error(`${file} is not a mapping`);
  for (const key of Object.keys(k))
    if (!KUSTOMIZATION_KEYS.has(key)) throw new Error(`${file}: "${key}" is not rendered here`);

  const objects: JsonObject[] = [];
  for (const resource of (k['resources'] ?? []) as unknown[]) {
    if (typeof resource !== 'string') throw new Error(`${file}: resources must be paths`);
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) {
      objects.push(...renderKustomization(path));
      continue;
    }
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
      const object: unknown = doc.toJS();
      if (isObject(object)) objects.push(object);
    }
  }

  const generators = (k['configMapGenerator'] ?? []) as unknown[];
  if (generators.length > 0 && at(k, 'generatorOptions.disableNameSuffixHash') !== true)
    throw new Error(`${file}: name suffix hashes are not rendered here`);
  for (const generator of generators) {
    if (!isObject(generator) || typeof generator['name'] !== 'string')
      throw new Error(`${file}: a configMapGenerator needs a name`);
    const unknownKeys = Object.keys(generator).filter(
      (key) => !['name', 'behavior', 'literals'].includes(key),
    );
    if (unknownKeys.length > 0) throw new Error(`${file}: ${unknownKeys.join(', ')} not rendered`);
    const data = literalsOf(generator['literals'] ?? [], file);
    const behavior = generator['behavior'] ?? 'create';
    const existing = objects.find(
      (o) => o['kind'] === 'ConfigMap' && at(o, 'metadata.name') === generator['name'],
    );
    if (behavior === 'merge' || behavior === 'replace') {
      if (existing === undefined) throw new Error(`${file}: nothing to ${behavior} into`);
      existing['data'] =
        behavior === 'merge' ? { ...(existing['data'] as JsonObject), ...data } : data;
    } else if (behavior === 'create') {
      if (existing !== undefined) throw new Error(`${file}: ${generator['name']} exists already`);
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: generator['name'] },
        data,
      });
    } else {
      throw new Error(`${file}: unknown behavior ${JSON.stringify(behavior)}`);
    }
  }

  for (const patch of (k['patches'] ?? []) as unknown[]) {
    if (!isObject(patch) || typeof patch['patch'] !== 'string' || !isObject(patch['target']))
      throw new Error(`${file}: patches need an inline JSON 6902 patch and a target`);
    const { kind, name } = patch['target'];
    const targets = objects.filter((o) => o['kind'] === kind && at(o, 'metadata.name') === name);
    if (targets.length !== 1)
      throw new Error(`${file}: patch target ${JSON.stringify([kind, name])} not found once`);
    applyJsonPatch(targets[0]!, parse(patch['patch']));
  }

  for (const image of (k['images'] ?? []) as unknown[]) {
    if (!isObject(image) || typeof image['name'] !== 'string')
      throw new Error(`${file}: an image entry needs a name`);
    let replaced = 0;
    for (const object of objects) {
      const containers = at(object, 'spec.template.spec.containers');
      if (!Array.isArray(containers)) continue;
      for (const container of containers) {
        if (!isObject(container) || typeof container['image'] !== 'string') continue;
        const [repository] = container['image'].split(/[:@]/);
        if (repository !== image['name']) continue;
        const newName = typeof image['newName'] === 'string' ? image['newName'] : repository;
        const tag = typeof image['newTag'] === 'string' ? `:${image['newTag']}` : '';
        container['image'] = `${newName}${tag}`;
        replaced++;
      }
    }
    if (replaced === 0) throw new Error(`${file}: image ${image['name']} is used by no container`);
  }

  if (typeof k['namespace'] === 'string')
    for (const object of objects) {
      const metadata = object['metadata'];
      if (isObject(metadata)) metadata['namespace'] = k['namespace'];
    }
  return objects;
}

/** `spec.env` of a rendered NAIS Application as a record; every entry must have a string value. */
export function naisEnv(app: JsonObject): Record<string, string> {
  const env: Record<string, string> = {};
  const list = at(app, 'spec.env');
  if (!Array.isArray(list)) throw new Error('spec.env is not a list');
  for (const entry of list) {
    const name = at(entry, 'name');
    const value = at(entry, 'value');
    if (typeof name !== 'string' || typeof value !== 'string')
      throw new Error(`spec.env entry ${JSON.stringify(name)} needs a string value`);
    env[name] = value;
  }
  return env;
}

/** The Maskinporten scopes a rendered NAIS Application consumes, sorted. */
export function naisScopes(app: JsonObject): string[] {
  const list = at(app, 'spec.maskinporten.scopes.consumes');
  if (!Array.isArray(list)) throw new Error('spec.maskinporten.scopes.consumes is not a list');
  return list
    .map((scope) => at(scope, 'name'))
    .filter((name): name is string => typeof name === 'string')
    .sort();
}
