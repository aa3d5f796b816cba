/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Everything the code runner's sandbox frame and its workers load goes to assets/runner/: that frame has an
// opaque origin, so the gateway serves this one folder with `Access-Control-Allow-Origin: *` (see
// README.md, "Headers the gateway sends"). The runtime files the app downloads (wasm, standard library) go there too.
const RUNNER_MODULE = /[\\/](src[\\/](sandbox|workers|lib[\\/]runner)|node_modules[\\/](pyodide|quickjs-emscripten-core|@jitl))[\\/]/;
const isRunnerModule = (id: string) => RUNNER_MODULE.test(id) || id.startsWith('\0');
const runnerOr = (isRunner: boolean, pattern: string) => (isRunner ? `assets/runner/${pattern}` : `assets/${pattern}`);
const chunkName = (chunk: { moduleIds: readonly string[] }) =>
  runnerOr(chunk.moduleIds.length > 0 && chunk.moduleIds.every(isRunnerModule), '[name]-[hash].js');
const assetName = (asset: { originalFileNames: readonly string[] }) =>
  runnerOr(asset.originalFileNames.some((name) => RUNNER_MODULE.test(`/${name}`)), '[name]-[hash][extname]');

/**
 * Development only. The code runner's sandbox frame has an opaque origin ("null"), so the modules it and its
 * workers import from this server are cross-origin requests, which Vite's CORS settings refuse. Allow them
 * for the runner's own modules and dependencies only — code that production serves publicly anyway — so a
 * sandboxed frame on another site cannot read the rest of the app's sources from a running dev server.
 */
const SANDBOX_DEV_PATHS = ['/src/sandbox/', '/src/workers/', '/src/lib/runner/', '/node_modules/', '/@vite/client', '/@react-refresh'];
function sandboxDevCors(): Plugin {
  return {
    name: 'interview:sandbox-dev-cors',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.headers.origin === 'null' && SANDBOX_DEV_PATHS.some((path) => req.url?.startsWith(path))) {
          res.setHeader('Access-Control-Allow-Origin', 'null');
          res.setHeader('Vary', 'Origin');
        }
        next();
      });
    },
  };
}

// The AppHost starts `npm run dev` with PORT set; the browser reaches this server through the gateway,
// so the Host header is the gateway's and the HMR socket goes through the gateway's port too (Vite's
// client connects back to the origin it was loaded from, which is why no HMR port is configured).
const port = Number(process.env.PORT ?? 5173);
// Lets the front-end run on its own against a running gateway (which fronts the session API and hub).
const backend = process.env.INTERVIEW_BACKEND_URL ?? 'http://localhost:5080';

export default defineConfig({
  plugins: [react(), sandboxDevCors()],
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
    // The code runner's runtimes are imported only by its workers; discovered late, they too would reload
    // the page. They are plain ES modules, served as they are.
    exclude: ['pyodide', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
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
  worker: {
    format: 'es',
    rolldownOptions: {
      // Pyodide's Node.js-only branches import these; a browser never runs them.
      external: [/^node:/, 'ws'],
      output: {
        entryFileNames: (chunk) => runnerOr(isRunnerModule(chunk.facadeModuleId ?? ''), '[name]-[hash].js'),
        chunkFileNames: chunkName,
        assetFileNames: assetName,
      },
    },
  },
  build: {
    target: 'es2022',
    // Monaco and the TypeScript worker are large by nature; they load only on the session page.
    chunkSizeWarningLimit: 8192,
    rolldownOptions: {
      // The app, and the code runner's sandbox page (loaded by the app in an opaque-origin iframe).
      input: { index: 'index.html', sandbox: 'sandbox.html' },
      output: {
        entryFileNames: (chunk) => runnerOr(chunk.name === 'sandbox', '[name]-[hash].js'),
        chunkFileNames: chunkName,
        assetFileNames: assetName,
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
