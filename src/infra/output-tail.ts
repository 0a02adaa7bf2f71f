/** Keeps the last lines a child process printed, for error messages, and copies all to a file. */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

const MAX_CHARS = 16_000;

export class OutputTail {
  private buffer = '';
  private readonly file: WriteStream | null;

  constructor(
    private readonly lines: number,
    logFile?: string,
  ) {
    this.file = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  }

  /** Starts reading a stream; reading also keeps the child from blocking on a full pipe. */
  follow(stream: Readable | null): void {
    stream?.on('data', (chunk: Buffer) => {
      this.file?.write(chunk);
      this.buffer = (this.buffer + chunk.toString('utf8')).slice(-MAX_CHARS);
    });
  }

  /** The last lines seen, after any earlier `Error:` lines that scrolled out of them. */
  text(): string {
    const all = this.buffer.trimEnd().split('\n');
    const tail = all.slice(-this.lines);
    // A CLI usage error prints the error first and then a long usage text.
    const errors = all
      .slice(0, -this.lines)
      .filter((line) => line.startsWith('Error:') && !tail.includes(line));

    return [...new Set(errors), ...tail].join('\n') || '(no output)';
  }

  async close(): Promise<void> {
    const file = this.file;
    if (!file || file.closed) return;
    await new Promise<void>((resolve) => file.end(resolve));
  }
}
