/**
 * Integration tests run against the database `npm test` has just created, migrated and loaded
 * (cosite_test by default). Refuse anything that does not look like a test database: these suites write.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the integration tests through `npm test`');
  const name = new URL(url).pathname.slice(1);
  if (!/_test/.test(name)) throw new Error(`refusing to run integration tests against "${name}": use a database whose name contains _test`);
  // Suites start runs themselves; a worker must not start a whole-city run on its own in the middle of them.
  process.env.COVERAGE_AUTORUN = 'false';
  if (!process.env.QUEUE_PREFIX) process.env.QUEUE_PREFIX = `cosite-test-${process.pid}`;
}
