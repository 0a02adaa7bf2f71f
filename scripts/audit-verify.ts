/**
 * `npm run audit:verify`: walks the audit hash chain of the database in DATABASE_URL (or the
 * embedded PGlite under DATA_DIR: stop the server first, PGlite takes one process at a time)
 * and names the first broken entry. Exit code 0 when the chain holds, 1 when it is broken,
 * 2 when the check could not run.
 */
import { verifyAuditChain } from '../src/audit/verify.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 1 });
  try {
    const report = await verifyAuditChain(database.db);
    if (report.valid) {
      console.log(`audit chain valid: ${report.entries} entries, head ${report.headHash}`);
      return 0;
    }
    const broken = report.firstBroken!;
    console.log(`audit chain BROKEN at entry ${broken.seq} (event ${broken.eventId}): ${broken.reason}`);
    console.log(broken.message);
    console.log(`entries checked: ${report.entries}; last good hash ${report.headHash}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`audit check failed to run: ${(error as Error).message}`);
    process.exit(2);
  },
);
