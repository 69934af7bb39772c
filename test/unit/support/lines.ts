// A writable stream that keeps each written line: what a logger or the audit trail wrote.
import { Writable } from 'node:stream';

export class Lines extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.lines.push(line);
    callback();
  }
}
