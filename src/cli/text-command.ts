import { readInput } from '../readers/read-inputs.ts';
import { InputError } from '../readers/input-error.ts';
import { EXIT } from './exit.ts';
import { statSync } from 'node:fs';

/** `entente text FILE.html`: the main text extracted from a page, title first, a blank line between paragraphs. */
export async function runText(file: string): Promise<number> {
  try {
    const size = file === '-' ? 0 : statSync(file).size;
    for await (const doc of readInput({ path: file, size, readAs: 'html' })) {
      if (doc instanceof InputError) throw doc;
      const head = doc.meta.title ? `${doc.meta.title}\n\n` : '';
      process.stdout.write(`${head}${doc.text.split('\n').join('\n\n')}\n`);
    }
    return EXIT.ok;
  } catch (err) {
    const message = err instanceof InputError ? err.message : `${file}: ${(err as Error).message}`;
    process.stderr.write(`error: ${message}\n`);
    return EXIT.inputFailed;
  }
}
