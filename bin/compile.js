// Compiles the command line's TypeScript sources into a few JavaScript modules, once per version of
// the sources, so that a command runs without tsx's loader. That loader transpiles every module
// at start-up and runs in a thread of its own, in every worker thread again: about 0.6 s and 50 MB
// for the command, and 15-20 MB more per worker. The compiled modules live in
// node_modules/.cache/entente/<hash of the sources>/; sources that change get a new folder, so there
// is still no build step to forget.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const CACHE = join(ROOT, 'node_modules', '.cache', 'entente');
/** The modules a command starts: the command line, and the modules worker threads run. Absolute, since a command runs from any folder. */
const ENTRIES = {
  main: join(SRC, 'cli', 'main.ts'),
  'pipeline-worker': join(SRC, 'ingest', 'pipeline-worker.ts'),
  'floor-worker': join(SRC, 'cli', 'floor-worker.ts'),
};
/** Bump when the way of compiling changes, so that older compiled folders are not reused. */
const FORMAT = 1;
/** Compiled folders of other source versions are removed once this old (a running command may still load workers from one). */
const STALE_MS = 24 * 60 * 60 * 1000;

/** Every TypeScript and JSON file the compiled modules may include (tests and the web dashboard are never imported by them). */
function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(SRC, 'web')) out.push(...sourceFiles(path));
    } else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) || entry.name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

/**
 * The hash of the sources, their paths, the compiler's version and where the project is (compiled
 * modules name their source files' absolute locations): the compiled folder's name.
 */
function sourcesHash(files, esbuildVersion) {
  const hash = createHash('sha256').update(`${FORMAT} ${esbuildVersion} ${ROOT}\n`);
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder of the compiled modules for the current sources, compiling them first if needed; a
 * file URL ending in `/`. Returns undefined when they cannot be compiled here (no esbuild, a cache
 * folder that cannot be written): the command then runs through tsx, as the tests do. `cache` is
 * where compiled folders are kept: only inside the project's node_modules do they find the packages.
 */
export async function compiledCli({ cache = CACHE } = {}) {
  let version;
  try {
    // The version alone, to name the folder: the compiler itself is loaded only to compile.
    version = createRequire(import.meta.url)('esbuild/package.json').version;
  } catch {
    return undefined;
  }
  const dir = join(cache, sourcesHash(sourceFiles(SRC), version));
  if (existsSync(join(dir, 'main.mjs'))) return pathToFileURL(dir + '/');
  const scratch = `${dir}.${process.pid}.tmp`;
  try {
    mkdirSync(cache, { recursive: true });
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: ENTRIES,
      outdir: scratch,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Packages stay in node_modules, found from the compiled folder as from the sources.
      packages: 'external',
      absWorkingDir: ROOT,
      logLevel: 'silent',
      // Where worker threads find their compiled modules (see src/ingest/worker-module.ts).
      define: { 'process.env.ENTENTE_COMPILED_DIR': JSON.stringify(pathToFileURL(dir + '/').href) },
      plugins: [sourceLocations()],
    });
    try {
      renameSync(scratch, dir);
    } catch {
      // Another command compiled the same sources meanwhile: its folder is as good.
      remove(scratch);
    }
  } catch (err) {
    remove(scratch);
    // Said, not hidden: the command still runs, but each start costs about 0.6 s more.
    const reason = String(err?.message ?? err).split('\n')[0];
    process.stderr.write(`entente: could not compile the sources into ${cache} (${reason}); running them through tsx\n`);
    return undefined;
  }
  removeStale(cache, dir);
  return pathToFileURL(dir + '/');
}

/**
 * Modules find their data files and packages relative to their own source file
 * (`import.meta.url`): in a compiled module that would be the compiled folder, so each source's
 * own location is written in instead.
 */
function sourceLocations() {
  return {
    name: 'source-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const contents = text
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
        return { contents, loader: 'ts' };
      });
    },
  };
}

function removeStale(cache, keep) {
  for (const name of readdirSync(cache)) {
    const path = join(cache, name);
    if (path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) remove(path);
    } catch {
      // Removed by another command meanwhile.
    }
  }
}

/** Removes a folder if it can: a leftover folder costs only space. */
function remove(path) {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing to remove, or not ours to remove.
  }
}
