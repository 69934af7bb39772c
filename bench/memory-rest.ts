// A process for the at-rest breakdown of bench/memory.ts: `node` alone, or with `libraries`
// the packages the service imports in production, and nothing of the service itself. It then
// idles until it is stopped.
const stage = process.argv[2];
if (stage === 'libraries') {
  await Promise.all([
    import('graphql'),
    import('@apollo/server'),
    import('@apollo/subgraph'),
    import('graphql-jit'),
    import('dataloader'),
    import('undici'),
    import('jose'),
    import('pino'),
    import('prom-client'),
    import('@opentelemetry/api'),
  ]);
}
setInterval(() => {}, 1 << 30);
process.send?.({ kind: 'rest-ready' });
