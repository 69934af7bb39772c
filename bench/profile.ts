// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per source file,
// so `npm run bench:profile` shows where the subgraph spends its CPU without a viewer.

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const src = url.lastIndexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '') || '(native)';
}

/** Top functions and files by self time, as text. */
export function summariseProfile(json: string, top = 30): string {
  const profile = JSON.parse(json) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  let idle = 0;
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, micros] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      if (functionName === '(idle)') idle += micros;
    }
    const file = shortUrl(url);
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
    const group = file.startsWith('(') ? functionName : file.split('/').slice(0, 2).join('/');
    files.set(group, (files.get(group) ?? 0) + micros);
  }
  const busy = total - idle;
  const pct = (micros: number): string => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (share of busy time below)`,
    '',
    'by package / folder:',
  ];
  for (const [name, micros] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    if (name === '(idle)') continue;
    lines.push(`  ${pct(micros)}  ${name}`);
  }
  lines.push('', 'by function (self time):');
  for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    if (name.startsWith('(idle)')) continue;
    lines.push(`  ${pct(micros)}  ${name}`);
  }
  return lines.join('\n');
}
