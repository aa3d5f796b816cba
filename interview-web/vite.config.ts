/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The AppHost starts `npm run dev` with PORT set; the browser reaches this server through the gateway,
// so the Host header is the gateway's and the HMR socket goes through the gateway's port too (Vite's
// client connects back to the origin it was loaded from, which is why no HMR port is configured).
const port = Number(process.env.PORT ?? 5173);
// Lets the front-end run on its own against a running gateway (which fronts the session API and hub).
const backend = process.env.INTERVIEW_BACKEND_URL ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      // y-monaco imports the pre-0.5x path; monaco-editor 0.57 exposes it as `monaco-editor/editor/editor.api`.
      // Without this alias y-monaco would fail to resolve (or load a second Monaco instance).
      {
        find: /^monaco-editor\/esm\/vs\/editor\/editor\.api(\.js)?$/,
        replacement: 'monaco-editor/editor/editor.api',
      },
    ],
  },
  optimizeDeps: {
    // Pre-bundled together at startup: y-monaco and the app then share one Monaco (and one Yjs) chunk in
    // dev too. Left to discovery, y-monaco (behind the editor's lazy import) is found on the first visit
    // to a session, and the re-optimisation reloads the page.
    include: ['monaco-editor', 'y-monaco', 'yjs', 'y-protocols/awareness'],
  },
  server: {
    host: '127.0.0.1',
    port,
    strictPort: true,
    // Development only: requests arrive with the gateway's Host header.
    allowedHosts: true,
    // changeOrigin: the backend sees its own host, so the share links it builds point at the gateway
    // (the public address) rather than at this dev server.
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/hubs': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: {
    host: '127.0.0.1',
    port,
    strictPort: true,
  },
  // Monaco's workers are ES modules; the default IIFE format cannot hold their code-split chunks.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // Monaco and the TypeScript worker are large by nature; they load only on the session page.
    chunkSizeWarningLimit: 8192,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
