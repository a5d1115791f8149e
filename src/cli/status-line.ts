/** Where a status line is written: a terminal, or anything that says it is not one. */
export interface StatusStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * One line on a terminal that says what a long command is doing now ("run 2 of 3: pipeline"),
 * rewritten in place and cleared at the end. It writes nothing when the stream is not a terminal,
 * so piped and captured output stays clean.
 */
export class StatusLine {
  private shown = false;

  constructor(
    private readonly stream: StatusStream,
    private readonly prefix: string,
  ) {}

  /** Replaces the line with `text`. */
  set(text: string): void {
    if (!this.stream.isTTY) return;
    this.stream.write(`\r\x1b[K${this.prefix}${text}`);
    this.shown = true;
  }

  /** Clears the line, if one is shown. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
