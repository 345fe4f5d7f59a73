// Bundles the CLI into dist/: one small entry file plus lazily loaded chunks, no runtime dependencies.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Ink loads its devtools bridge (react-devtools-core and ws) only when DEV=true: the published CLI ships a stub instead.
const withoutInkDevtools = {
  name: 'without-ink-devtools',
  setup(build) {
    build.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      args.importer.includes(`${'/node_modules/ink/'}`) ? { path: `${root}source/build/devtools-stub.js` } : undefined,
    );
  },
};

await rm(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'source/cli.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [withoutInkDevtools],
  // CommonJS dependencies bundled into ESM call require(); give every chunk one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
await chmod(`${root}dist/cli.js`, 0o755);
