import { Client } from 'pg';
import { SRC, sourceFiles } from '../src/architecture/imports';
import * as path from 'node:path';

/**
 * Every statement the backend runs lives in a `*.sql.ts` beside its repository. Each exported statement is
 * PREPAREd against the real, migrated schema: a renamed column, a missing cast or a typo fails here, by name,
 * before any user meets it (in the spirit of immich's checked SQL). A module's builder functions (SQL made from a
 * layer spec) are checked through the statements it lists in SQL_EXAMPLES.
 */
const PREPARABLE = /^\s*(\(?\s*)(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|MERGE)\b/i;

function statementsOf(file: string): { name: string; text: string }[] {
  const mod = require(file) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
  const out: { name: string; text: string }[] = [];
  for (const [name, v] of Object.entries(mod)) {
    if (typeof v === 'string') out.push({ name, text: v });
    if (name === 'SQL_EXAMPLES' && Array.isArray(v)) v.forEach((text: string, i) => out.push({ name: `SQL_EXAMPLES[${i}]`, text }));
  }
  return out;
}

describe('SQL beside its repositories', () => {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(() => db.connect());
  afterAll(() => db.end());

  const files = sourceFiles().filter((f) => f.endsWith('.sql.ts'));

  it('finds the SQL modules', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('prepares every statement against the schema', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const { name, text } of statementsOf(file)) {
        if (!PREPARABLE.test(text)) continue; // DDL (role set-up) runs in database-roles.int-spec.ts
        await db.query('BEGIN');
        try {
          await db.query(`PREPARE checked_statement AS ${text}`);
          await db.query('DEALLOCATE checked_statement'); // a session's prepared statements outlive its transactions
          checked++;
        } catch (e) {
          failures.push(`${path.relative(SRC, file)} ${name}: ${(e as Error).message}`);
        } finally {
          await db.query('ROLLBACK');
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
