import { loadConfig } from '../config/config';
import { createDataSource } from './data-source';

/** `node migrate.js [up|down|status]`: runs the TypeORM migrations as the schema owner (DATABASE_OWNER_URL, else DATABASE_URL). */
async function main(): Promise<void> {
  const cmd = process.argv[2] ?? 'up';
  const ds = await createDataSource(loadConfig().database.ownerUrl, 2, 'cosite-migrate').initialize();
  try {
    if (cmd === 'up') {
      const ran = await ds.runMigrations({ transaction: 'each' });
      console.log(ran.length ? `migrations applied: ${ran.map((m) => m.name).join(', ')}` : 'migrations: up to date');
    } else if (cmd === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('migrations: last one reverted');
    } else if (cmd === 'status') {
      const pending = await ds.showMigrations();
      console.log(pending ? 'migrations: some pending' : 'migrations: up to date');
    } else {
      throw new Error(`unknown command ${cmd}: up, down or status`);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
