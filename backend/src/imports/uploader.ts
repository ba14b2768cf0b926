import type { DataSource, EntityManager } from 'typeorm';
import type { SignedInUser } from '../auth/roles';

/** Who uploaded an import batch, as the user they are now; null for a batch queued without one (by Cosite itself). */
export async function uploaderOf(db: DataSource | EntityManager, batchId: string): Promise<SignedInUser | null> {
  const [u] = await db.query(
    `SELECT u.id::int, u.username, u.display_name AS "displayName", u.organisation_id AS "organisationId", o.kind AS "organisationKind", u.role
       FROM import_batch b JOIN app_user u ON u.id = b.uploaded_by JOIN organisation o ON o.id = u.organisation_id
      WHERE b.id = $1`,
    [batchId],
  );
  return u ?? null;
}
