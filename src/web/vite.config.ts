import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The dashboard: vanilla TypeScript and DOM, built into dist/web, which `entente serve` serves. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Everything stays a file of its own: nothing is inlined into index.html or as a data: URL.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  // `vite --config src/web/vite.config.ts` for development, next to `entente serve --port 8130`.
  server: { proxy: { '/api': 'http://127.0.0.1:8130' } },
});
