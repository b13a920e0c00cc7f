import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './scripts/precompress.ts';

// The till is a PWA: the app shell and every lazy chunk are precached, so every route works offline
// from a cold start. Updates use the prompt strategy: the app decides when to apply (between sales).
export default defineConfig({
  resolve: {
    // Dexie's package entry wraps its ES5 UMD build (for CommonJS interop); the till and its worker only import
    // it as an ES module, so they take Dexie's own modern ES build of the same version: ~1.8 KiB gzip less in
    // the first bundle, ~12 KB less in each of the two precached copies (the app's and the insights worker's).
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      // Only the 192 px icon is precached (globPatterns): the 512 px ones are read by the browser when it installs
      // the app, online, and the till never shows them offline. Keeps the precache under 1 MiB (issue #6).
      includeAssets: ['favicon.svg'],
      includeManifestIcons: false,
      manifest: {
        name: 'Regulars 常客',
        short_name: 'Regulars',
        description: 'Membership till for small shops',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#b4232c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'],
        globIgnores: ['**/icons/*-512.png'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
      },
    }),
    // Brotli and gzip copies of every text file, made once here and sent as they are by the server.
    precompress(),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // Every browser the till runs on supports <link rel="modulepreload">: no polyfill in the first bundle.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Everything the index page loads at start goes in one file (issue #6): ~15 small shared chunks cost
        // their own gzip headers and export/import glue (~4 KiB gzip). Lazy chunks import from it.
        codeSplitting: { groups: [{ name: 'boot', tags: ['$initial'] }] },
      },
    },
  },
  server: { port: 5173 },
});
