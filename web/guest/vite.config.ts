// The guest pages' build, apart from the cabinet: Preact instead of React and Mantine, plain
// CSS, so the registration page a guest opens from a QR code loads fast on a phone (the size
// budget is kept by test/web/guest-size.test.ts). Assets go to dist-guest/g/ and are served at
// /g/; the page itself at /join/<token> and /me.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../dist-guest',
    emptyOutDir: true,
    assetsDir: 'g',
    sourcemap: false,
  },
});
