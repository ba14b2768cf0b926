import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // the shared contract as TypeScript source (its dist is CommonJS for the backend)
  resolve: { alias: { '@cosite/contracts': fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { main: 'index.html', report: 'report.html' },
      // the contract's modules only declare (vocabularies, zod schemas): the map takes what it imports and leaves the rest
      treeshake: { moduleSideEffects: (id) => !id.includes('/contracts/src/') },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/tiles': 'http://127.0.0.1:3000' } },
  test: { include: ['src/**/*.spec.ts'], environment: 'node' },
});
