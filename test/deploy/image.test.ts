// The Dockerfile agrees with package.json and the manifests: its CMD is the `start` script, the
// check stage runs that same command, and port, user and NODE_ENV are what the manifests expect.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, at, renderKustomization, renderNais } from './render.ts';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions (continuation lines joined, comments dropped). */
function instructions(): Instruction[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of stage `name` (`FROM … AS name` up to the next FROM). */
function stage(name: string): Instruction[] {
  const all = instructions();
  const start = all.findIndex(
    (i) => i.keyword === 'FROM' && new RegExp(`\\sAS\\s+${name}$`, 'i').test(i.args),
  );
  if (start < 0) throw new Error(`Dockerfile has no stage ${name}`);
  const end = all.findIndex((i, index) => index > start && i.keyword === 'FROM');
  return all.slice(start, end < 0 ? undefined : end);
}

function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args.replace(/^--mount=\S+\s+/, ''));
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`not an exec-form instruction: ${args}`);
  return parsed;
}

const startScript = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start;
const runtime = stage('runtime');
const one = (keyword: string): string => {
  const found = runtime.filter((i) => i.keyword === keyword);
  expect(found, keyword).toHaveLength(1);
  return found[0]!.args;
};

describe('Dockerfile', () => {
  it("starts with package.json's start script, without npm, in exec form", () => {
    const cmd = execForm(one('CMD'));
    expect(cmd).toEqual(startScript.trim().split(/\s+/));
    expect(cmd[0]).toBe('node');
    expect(runtime.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
  });

  it('runs that same command in its check stage, as the runtime user', () => {
    const runs = stage('test').filter((i) => i.keyword === 'RUN');
    const check = execForm(runs.at(-1)!.args);
    expect(check.slice(0, 3)).toEqual(['node', '/image-check/image-check.ts', 'run']);
    expect(check.slice(3)).toEqual(execForm(one('CMD')));
    const users = stage('test').filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe(one('USER'));
  });

  it('ships the shipped stage last, so a plain build yields the runtime image', () => {
    const all = instructions();
    expect(all.at(-1)).toEqual({ keyword: 'FROM', args: 'runtime' });
  });

  it('installs production dependencies only, exactly as locked', () => {
    const install = execForm(stage('deps').find((i) => i.keyword === 'RUN')!.args);
    expect(install).toEqual(expect.arrayContaining(['ci', '--omit=dev', '--ignore-scripts']));
  });

  it('agrees with the manifests on port, user and NODE_ENV', () => {
    const env = one('ENV');
    expect(env).toMatch(/(^|\s)NODE_ENV=production(\s|$)/);
    const port = Number(/(?:^|\s)PORT=(\d+)/.exec(env)?.[1]);
    expect(Number(one('EXPOSE'))).toBe(port);
    expect(at(renderNais('prod').app, 'spec.port')).toBe(port);
    const objects = renderKustomization(join(ROOT, 'deploy/kubernetes/overlays/prod'));
    const deployment = objects.find((o) => o['kind'] === 'Deployment');
    const configMap = objects.find((o) => o['kind'] === 'ConfigMap');
    expect(at(configMap, 'data.PORT')).toBe(String(port));
    expect(at(deployment, 'spec.template.spec.containers.0.ports.0.containerPort')).toBe(port);
    // NAIS runs pods as uid/gid 1069; the image's user is the same, numeric, and not root.
    expect(one('USER')).toBe('1069:1069');
    expect(at(deployment, 'spec.template.spec.securityContext.runAsUser')).toBe(1069);
  });
});
