// Installs the npm dependencies exactly as package-lock.json records them (`npm ci`), unless node_modules already
// holds that install: a stamp in node_modules remembers the lock file's hash, so a warm build skips the step.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN_NODE = 20;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_NODE) {
  console.error(`web-client: Node.js ${MIN_NODE} or newer is needed to build the front end; this is ${process.version}.`);
  process.exit(1);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'node_modules', '.tandem-installed');
const hash = createHash('sha256').update(readFileSync(join(root, 'package-lock.json')))
  .update(process.version).digest('hex');

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
  console.log('web-client: node_modules matches package-lock.json');
} else {
  console.log('web-client: npm ci (package-lock.json changed or node_modules is missing)');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root, stdio: 'inherit', shell: process.platform === 'win32',
  });
  if (npm.error || npm.status !== 0) {
    console.error(`web-client: npm ci failed${npm.error ? `: ${npm.error.message}` : ''}. It needs npm 10+ on the PATH `
      + 'and the npm registry (or a mirror configured in .npmrc).');
    process.exit(1);
  }
  writeFileSync(stamp, hash);
}
