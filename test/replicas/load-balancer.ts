// A TCP load balancer on loopback that behaves like a Kubernetes Service in front of pods: each
// new connection goes to the next endpoint in rotation (round robin); a connection stays with its
// endpoint for its whole life (as kube-proxy's connection tracking does), so keep-alive clients
// move only when the endpoint closes their connection. An endpoint is in rotation while its
// readiness probe (`GET /health/ready`, polled every `periodMs`) answers 200; a connection that
// an endpoint refuses is tried on the next one.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Endpoint {
  readonly name: string;
  readonly port: number;
  ready: boolean;
  connections: number;
}

export class LoadBalancer {
  readonly #endpoints: Endpoint[] = [];
  readonly #server: Server;
  readonly #periodMs: number;
  #next = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling = false;

  private constructor(server: Server, periodMs: number) {
    this.#server = server;
    this.#periodMs = periodMs;
  }

  static async start(options: { readonly periodMs: number }): Promise<LoadBalancer> {
    const server = createServer();
    const balancer = new LoadBalancer(server, options.periodMs);
    server.on('connection', (socket) => balancer.#route(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    balancer.#timer = setInterval(() => void balancer.#probe(), options.periodMs);
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Adds an endpoint; it enters rotation once its readiness probe answers 200. */
  add(name: string, port: number): void {
    this.#endpoints.push({ name, port, ready: false, connections: 0 });
  }

  /** Takes an endpoint out of the list (after its process ended). */
  remove(name: string): void {
    const index = this.#endpoints.findIndex((endpoint) => endpoint.name === name);
    if (index !== -1) this.#endpoints.splice(index, 1);
  }

  inRotation(name: string): boolean {
    const endpoint = this.#endpoints.find((e) => e.name === name);
    return endpoint !== undefined && endpoint.ready;
  }

  /** Resolves once the endpoint is (or is not) in rotation. */
  async waitFor(name: string, inRotation: boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inRotation(name) !== inRotation) {
      if (Date.now() > deadline)
        throw new Error(`${name} did not ${inRotation ? 'enter' : 'leave'} rotation`);
      await new Promise((resolve) => setTimeout(resolve, this.#periodMs / 2));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#server.close();
  }

  async #probe(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      await Promise.all(
        this.#endpoints.map(async (endpoint) => {
          endpoint.ready = await fetch(`http://127.0.0.1:${endpoint.port}/health/ready`, {
            signal: AbortSignal.timeout(this.#periodMs * 2),
          }).then(
            async (response) => {
              await response.arrayBuffer();
              return response.status === 200;
            },
            () => false,
          );
        }),
      );
    } finally {
      this.#polling = false;
    }
  }

  #pick(exclude: ReadonlySet<Endpoint>): Endpoint | undefined {
    const candidates = this.#endpoints.filter((e) => e.ready && !exclude.has(e));
    if (candidates.length === 0) return undefined;
    this.#next = (this.#next + 1) % candidates.length;
    return candidates[this.#next];
  }

  #route(client: Socket, tried: Set<Endpoint> = new Set()): void {
    const endpoint = this.#pick(tried);
    if (endpoint === undefined) {
      client.destroy();
      return;
    }
    tried.add(endpoint);
    client.pause();
    const upstream = connect(endpoint.port, '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      endpoint.connections++;
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) {
        // Refused: the endpoint is gone; try the next one, as a health-checking balancer would.
        endpoint.ready = false;
        this.#route(client, tried);
        return;
      }
      client.destroy();
    });
    upstream.on('close', () => {
      if (!connected) return;
      endpoint.connections--;
      // After the endpoint's FIN the pipe has ended the client side; end it in any case.
      client.end();
    });
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  }
}
