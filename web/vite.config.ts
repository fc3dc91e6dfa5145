import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every built text asset gets a .br and a .gz beside it, compressed once at build at the highest
// levels, so that `ungcuu serve` sends the smaller one the browser accepts without compressing
// anything per request.
function precompress(): Plugin {
  const compressible = /\.(js|css|html|svg|json|txt)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = join(dir, name);
      return statSync(file).isDirectory() ? walk(file) : [file];
    });
  return {
    name: 'ungcuu-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk('dist')) {
        if (!compressible.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        writeFileSync(file + '.gz', gzipSync(raw, { level: 9 }));
        writeFileSync(
          file + '.br',
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
      }
    },
  };
}

// `npm run dev` serves the UI with hot reload and forwards the API to a running `ungcuu serve`.
export default defineConfig({
  plugins: [react(), precompress()],
  // Large dictionaries parse faster as JSON.parse("…") than as object literals.
  json: { stringify: true },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
