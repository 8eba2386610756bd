// The console's build: a single-page app served by functions/console under /console/ (dist/ is gitignored), and
// the staff sidebar (sidebar.html, served at /sidebar/): two pages of one build sharing /console/assets/.
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [vue()],
  define: {
    // vue-i18n's ESM bundler build: no legacy API, no devtools in production, JIT message compilation (no eval).
    __VUE_I18N_FULL_INSTALL__: false,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), sidebar: fileURLToPath(new URL('sidebar.html', import.meta.url)) },
    },
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 700,
  },
  logLevel: 'warn',
});
