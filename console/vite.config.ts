import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console's build: Preact with the automatic JSX runtime (Oxc, Vite's own transformer), served
 * under /console/ (locally by the API server, in AWS by CloudFront from its bucket). Each role's
 * views are their own chunk, so a role's first load carries only its own home.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
