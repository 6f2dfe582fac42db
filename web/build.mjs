// Bundles the web app into one folder `sitrep serve` serves as it is:
//   node web/build.mjs OUT_DIR     (CMake runs it; OUT_DIR is build/web)
// web/src/main.js and what it imports (d3, topojson-client) become app.js;
// style.css, index.html and world-atlas's country shapes are copied. Nothing
// is fetched from the network at run time.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const out = process.argv[2] || 'build/web';
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['web/src/main.js'],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2020',
  outfile: `${out}/app.js`,
  logLevel: 'warning',
});
copyFileSync('web/src/style.css', `${out}/style.css`);
copyFileSync('node_modules/world-atlas/countries-110m.json', `${out}/countries-110m.json`);
// Last: CMake takes index.html as the sign the bundle is complete.
copyFileSync('web/index.html', `${out}/index.html`);
