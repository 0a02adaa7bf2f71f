/**
 * Runs after `npm ci` / `npm install`: builds the portal into web/dist so that `npm start`
 * serves it. A production install (`--omit=dev`) has no Vite: it then says so and the API
 * answers `/` with a page asking for `npm run build:web`. A failing build fails the install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

if (!existsSync('web/vite.config.ts')) {
  console.log('portal: no web/ sources here, build skipped');
  process.exit(0);
}
try {
  createRequire(import.meta.url).resolve('vite/package.json');
} catch {
  console.log('portal: Vite is not installed (production install?), build skipped; run `npm run build:web`');
  process.exit(0);
}

const result = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
