// Where log and audit lines go: a file descriptor (stdout) or a file, written asynchronously by
// sonic-boom (what pino uses), but never allowed to hold the process: pino's own destinations
// flush synchronously when the process exits and retry a write that gets EAGAIN every 100 ms
// without end, so a stdout pipe nobody reads any more kept a stopping process alive for ever.
//
// Here a destination that fails (EPIPE, EBADF, ENOSPC, …) stops writing and counts what it
// drops; a full buffer (the reader stalled) drops new lines rather than grow without bound;
// and `settle` waits for pending lines only until a deadline. Nothing is written at exit.
import sonicBoom from 'sonic-boom';
import type { DestinationStream } from 'pino';

// sonic-boom is CommonJS; its class is a property of the module object.
const { SonicBoom } = sonicBoom;

/** Buffered bytes beyond which new lines are dropped (a reader that stopped reading). */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface LineDestination extends DestinationStream {
  /** Lines not written: after a failure, or because the buffer was full. */
  dropped(): number;
  /** The error code of the failure that stopped writing, if any. */
  failure(): string | null;
  /**
   * Resolves when every accepted line is written, the destination failed, or `timeoutMs`
   * passed; true only when everything was written.
   */
  settle(timeoutMs: number): Promise<boolean>;
  /** For pino's `logger.flush(cb)`: starts writing what is buffered. */
  flush(callback?: (error?: Error) => void): void;
}

/** One destination per descriptor in the process: two writers on one fd could split lines. */
const byDescriptor = new Map<
  number,
  { destination: LineDestination; listeners: ((code: string) => void)[] }
>();

/**
 * A destination for a file, or for a descriptor (stdout: fd 1). Every caller asking for the same
 * descriptor shares one destination (the service log and an audit trail on stdout), so a line is
 * never interleaved with another's partial write; each caller's `onFailure` is called.
 */
export function lineDestination(
  target: { readonly fd: number } | { readonly file: string },
  options: { readonly onFailure?: (code: string) => void } = {},
): LineDestination {
  if ('file' in target) return createDestination(target, options.onFailure);
  let shared = byDescriptor.get(target.fd);
  if (shared === undefined) {
    const listeners: ((code: string) => void)[] = [];
    const destination = createDestination(target, (code) => {
      for (const listener of listeners) listener(code);
    });
    shared = { destination, listeners };
    byDescriptor.set(target.fd, shared);
  }
  if (options.onFailure !== undefined) shared.listeners.push(options.onFailure);
  return shared.destination;
}

function createDestination(
  target: { readonly fd: number } | { readonly file: string },
  onFailure: ((code: string) => void) | undefined,
): LineDestination {
  let pendingBytes = 0;
  let dropped = 0;
  let failure: string | null = null;
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of waiters) waiter();
  };
  // A pipe or socket inherited as stdout or stderr is blocking: a write to one nobody reads
  // would block a libuv worker thread for ever, and the process cannot exit while one does.
  // Node's own stdout and stderr streams switch the descriptor to non-blocking when created,
  // so a stalled reader gives EAGAIN (retried on a timer) instead.
  if ('fd' in target && target.fd === 1) void process.stdout;
  if ('fd' in target && target.fd === 2) void process.stderr;
  const boom = new SonicBoom({
    ...('fd' in target ? { fd: target.fd } : { dest: target.file, mkdir: true }),
    sync: false,
    maxLength: MAX_BUFFERED_BYTES,
    // A stalled reader: keep retrying while running (it may read again), but never once the
    // destination has failed.
    retryEAGAIN: () => failure === null,
  });
  boom.on('write', (bytes: number) => {
    pendingBytes = Math.max(0, pendingBytes - bytes);
    if (pendingBytes === 0) wake();
  });
  let droppedNow = false;
  boom.on('drop', () => {
    droppedNow = true;
    dropped++;
  });
  boom.on('error', (error: NodeJS.ErrnoException) => {
    if (failure !== null) return;
    failure = typeof error.code === 'string' ? error.code : 'EIO';
    // What was buffered is lost with the destination.
    pendingBytes = 0;
    wake();
    onFailure?.(failure);
  });

  return {
    write(line: string): boolean {
      if (failure !== null) {
        dropped++;
        return true;
      }
      droppedNow = false;
      boom.write(line);
      // A line sonic-boom dropped (its buffer was full) is counted by the 'drop' event.
      if (!droppedNow) pendingBytes += Buffer.byteLength(line);
      return true;
    },
    dropped: () => dropped,
    failure: () => failure,
    flush(callback) {
      if (failure !== null || pendingBytes === 0) {
        callback?.();
        return;
      }
      boom.flush((error) => callback?.(error ?? undefined));
    },
    async settle(timeoutMs) {
      if (failure === null && pendingBytes > 0) {
        let timer: NodeJS.Timeout | undefined;
        let resolveWait: () => void = () => {};
        await new Promise<void>((resolve) => {
          resolveWait = resolve;
          waiters.add(resolve);
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        });
        waiters.delete(resolveWait);
        clearTimeout(timer);
      }
      return failure === null && pendingBytes === 0 && dropped === 0;
    },
  };
}
