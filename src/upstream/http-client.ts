// The HTTP policy for every upstream call in one place: one undici Agent (a pool per origin)
// with explicit connect, headers and body timeouts and keep-alive.
import { Agent, type Dispatcher } from 'undici';

export interface UpstreamAgentOptions {
  /** TCP + TLS connect timeout. */
  readonly connectTimeoutMs: number;
  /** Time to wait for response headers after the request was sent. */
  readonly headersTimeoutMs: number;
  /** Maximum idle time between body chunks. */
  readonly bodyTimeoutMs: number;
  /** Connections per origin. */
  readonly connectionsPerOrigin: number;
}

/** Builds the shared dispatcher for register and Maskinporten calls. */
export function createUpstreamAgent(options: UpstreamAgentOptions): Dispatcher {
  return new Agent({
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connections: options.connectionsPerOrigin,
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
  });
}
