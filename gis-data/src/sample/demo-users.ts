import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';

/**
 * Demo accounts for the sample city, one or more per role, printed by `npm start` and listed in the README.
 * For trying Cosite out only: a real deployment creates its own users and never loads these.
 */
export const DEMO_PASSWORD = 'cosite-demo-2026';

export const DEMO_USERS = [
  { username: 'planner.mobile', displayName: '移动规划员 Mobile planner', organisationId: 'china-mobile', role: 'planner' },
  { username: 'planner.telecom', displayName: '电信规划员 Telecom planner', organisationId: 'china-telecom', role: 'planner' },
  { username: 'planner.unicom', displayName: '联通规划员 Unicom planner', organisationId: 'china-unicom', role: 'planner' },
  { username: 'planner.tower', displayName: '铁塔规划员 Tower planner', organisationId: 'china-tower', role: 'planner' },
  { username: 'regulator', displayName: '通信管理局审批员 Regulator', organisationId: 'cq-comms-admin', role: 'regulator' },
  { username: 'regulator.chen', displayName: '通信管理局审批员 陈 Regulator Chen', organisationId: 'cq-comms-admin', role: 'regulator' },
  { username: 'bureau', displayName: '规划局审查员 Planning bureau', organisationId: 'cq-planning', role: 'bureau' },
  { username: 'admin', displayName: 'Cosite 管理员 Administrator', organisationId: 'cosite-admin', role: 'admin' },
] as const;

/** Adds the demo users that are missing (an existing user keeps its password). Returns how many were added. */
export async function seedDemoUsers(ds: DataSource): Promise<number> {
  const existing = new Set<string>((await ds.query(`SELECT username FROM app_user`)).map((r: { username: string }) => r.username));
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  if (!missing.length) return 0;
  const passwordHash = await hash(DEMO_PASSWORD);
  const rows = await ds.query(
    `INSERT INTO app_user (username, display_name, organisation_id, role, password_hash)
     SELECT u.username, u."displayName", u."organisationId", u.role, $2
       FROM jsonb_to_recordset($1::jsonb) AS u(username text, "displayName" text, "organisationId" text, role text)
      WHERE EXISTS (SELECT 1 FROM organisation o WHERE o.id = u."organisationId")
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [JSON.stringify(missing), passwordHash],
  );
  return rows.length;
}
