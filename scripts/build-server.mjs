// Bundles the server, the command-line tool and the HTCDS import's worker thread with esbuild
// (packages stay external).
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'server/src/main.ts', cli: 'server/src/cli/main.ts', 'import-worker': 'server/src/exchange/import-worker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
