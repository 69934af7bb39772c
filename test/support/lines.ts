// The one line-capturing stream of the tests: a writable that splits what a logger or the audit
// trail wrote into lines, keeps them, and optionally appends them to a file (the log scan's
// mirror) or hands each chunk's lines to a callback instead of keeping them.
import { appendFileSync } from 'node:fs';
import { Writable } from 'node:stream';

export interface LinesOptions {
  /** Also append everything written to this file. */
  readonly mirrorFile?: string;
  /** Called with each write's lines; with it the lines are not kept (bounded memory). */
  readonly onLines?: (lines: readonly string[]) => void;
}

export class Lines extends Writable {
  readonly lines: string[] = [];
  readonly #options: LinesOptions;

  constructor(options: LinesOptions = {}) {
    super();
    this.#options = options;
  }

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    const text = chunk.toString('utf8');
    const lines = text.split('\n').filter((line) => line !== '');
    if (this.#options.onLines === undefined) this.lines.push(...lines);
    else this.#options.onLines(lines);
    if (this.#options.mirrorFile !== undefined)
      appendFileSync(this.#options.mirrorFile, text.endsWith('\n') ? text : `${text}\n`);
    callback();
  }
}
