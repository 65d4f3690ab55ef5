import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app: built into dist/web and served by the Jisr server; nothing loads from the internet.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
