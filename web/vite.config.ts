/**
 * The web app's build: `npm run build:web` writes web/dist, which Baton serves at /.
 * In development, `npx vite web` serves the app with hot reload and forwards /api to a running
 * Baton (BATON_URL, Default: http://localhost:3000).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The dashboard's charts load on their own, so the inbox a rep opens first stays small.
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': { target: process.env.BATON_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
});
