// Bundles the web client with esbuild.
//   node scripts/build.mjs          the app, into target/classes/META-INF/resources (what the jar serves)
//   node scripts/build.mjs --tests  the unit tests, into target/test-js (run by `node --test`)
// Options: --outdir DIR (app), --dev (no minification, with source maps).
import { build } from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dev = args.includes('--dev');

if (args.includes('--tests')) {
  await buildTests();
} else {
  await buildApp(resolve(root, option('--outdir', 'target/classes/META-INF/resources')));
}

async function buildApp(outdir) {
  // only what this build owns: the jar may hold other resources beside it
  await rm(join(outdir, 'assets'), { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: 'src/main.ts' },
    outdir,
    bundle: true,
    splitting: true, // each language mode is its own chunk, loaded when a document first uses it
    format: 'esm',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: !dev,
    sourcemap: dev ? 'linked' : false,
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/chunk-[hash]',
    assetNames: 'assets/[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint === 'src/main.ts');
  if (!entry) throw new Error('esbuild produced no entry chunk');
  const url = (file) => '/' + relative(outdir, resolve(root, file)).split('\\').join('/');
  const template = await readFile(join(root, 'src/index.html'), 'utf8');
  const tags = [`<link rel="stylesheet" href="${url(entry[1].cssBundle)}">`,
    `<script type="module" src="${url(entry[0])}"></script>`];
  await writeFile(join(outdir, 'index.html'), template.replace('<!-- assets -->', tags.join('\n  ')));

  // what the first page load fetches: the entry and every chunk it imports statically
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of result.metafile.outputs[file].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry[0]);
  const bytes = (files) => [...files].reduce((n, f) => n + result.metafile.outputs[f].bytes, 0);
  const all = outputs.filter(([f]) => !f.endsWith('.map')).map(([f]) => f);
  console.log(`web-client: ${all.length} files, ${kb(bytes(all))} in all; first load ${kb(bytes(initial))} JS + `
    + `${kb(result.metafile.outputs[entry[1].cssBundle].bytes)} CSS (before gzip); `
    + `language modes load on demand -> ${relative(process.cwd(), outdir)}`);
}

async function buildTests() {
  const outdir = resolve(root, 'target/test-js');
  await rm(outdir, { recursive: true, force: true });
  const entryPoints = (await readdir(join(root, 'test'))).filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/${f}`);
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
