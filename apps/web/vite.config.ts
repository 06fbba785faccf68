import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The portal builds into dist/web, which the API serves (no second server). No inline scripts and
 * no external origins, so it runs under `script-src 'self'`. `npm run dev:web` proxies the API.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be an inline script; every browser the portal targets has modulepreload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: Object.fromEntries(
      [
        '/portal',
        '/disclosures',
        '/ledger',
        '/sign-offs',
        '/contracts',
        '/transfer-cases',
        '/publicity-notices',
        '/achievements',
        '/audit',
        '/attachments',
        '/exemption-claims',
        '/policies',
      ].map((prefix) => [prefix, { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false }]),
    ),
  },
});
