import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const API_URL = 'http://localhost:3000';
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // The public pages must not wait on the app: lazy chunks are fetched on navigation, not preloaded.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // WebAuthn for the passkey buttons of the sign-in page: small, fetched on first use, without antd.
            { name: 'webauthn', test: /node_modules[\\/]@simplewebauthn[\\/]browser/, priority: 3 },
            // What the public pages need (React, router, i18next): one long-cached chunk.
            { name: 'vendor', test: /node_modules/, tags: ['$initial'], priority: 2 },
            // antd, TanStack Query and their dependencies: only ever fetched after sign-in.
            { name: 'app-vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
    // app-vendor is antd; it is large by nature and never on the sign-in page.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `vite` in development: the API runs separately (npm start) on port 3000 and checks that
    // state-changing requests come from its own origin, so the proxy presents that origin.
    proxy: {
      '/api': { target: API_URL, changeOrigin: true, headers: { Origin: API_URL } },
    },
  },
});
