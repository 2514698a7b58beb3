import path from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer's two pages (dashboard, settings). `base: './'` so the built pages load from file:// in
// Electron as well as from the headless dashboard server.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist', 'renderer'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        dashboard: path.resolve(import.meta.dirname, 'renderer', 'index.html'),
        settings: path.resolve(import.meta.dirname, 'renderer', 'settings.html'),
      },
    },
  },
});
