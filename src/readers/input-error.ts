/**
 * Bad input: names the file (and line or item when known) and says what is wrong with it.
 * Readers throw or yield these; the CLI prints them and carries on with the other files.
 */
export class InputError extends Error {
  constructor(
    /** The file as the user named it, or `-` for standard input. */
    readonly path: string,
    /** What is wrong, in words a user can act on. */
    readonly problem: string,
    /** 1-based line (JSON Lines) where the problem is. */
    readonly line?: number,
  ) {
    super(`${path}${line !== undefined ? `:${line}` : ''}: ${problem}`);
    this.name = 'InputError';
  }
}
