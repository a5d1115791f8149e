/**
 * How to start a worker thread on one of Entente's worker modules. A command run from the compiled
 * modules (see bin/compile.js) starts the compiled worker directly; run from the TypeScript sources
 * (the tests, `node --import tsx`), it starts a small boot module that registers tsx in the new
 * thread first, since Node 20's worker threads do not inherit the loader of the thread that starts them.
 */
export interface WorkerModule {
  /** The file the Worker constructor is given. */
  file: URL;
  /** What the worker's `workerData` must carry besides its own fields. */
  data: { module?: string };
}

const BOOT = new URL('./worker-boot.js', import.meta.url);

/**
 * The worker module `name` (`pipeline-worker`, `floor-worker`), whose TypeScript source is `source`.
 * The compiled folder is written into the compiled modules when they are built; from the sources,
 * `process.env.ENTENTE_COMPILED_DIR` is read as it is, and unset.
 */
export function workerModule(name: 'pipeline-worker' | 'floor-worker', source: URL): WorkerModule {
  const compiled = process.env.ENTENTE_COMPILED_DIR;
  if (compiled) return { file: new URL(`${name}.mjs`, compiled), data: {} };
  return { file: BOOT, data: { module: source.href } };
}
