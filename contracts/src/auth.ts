import { z } from 'zod';
import { timestamp } from './zod';

/** Accounts: sign-in, the signed-in user, and the users administrators manage. */

/** What a user may do follows from the kind of organisation they belong to. */
export const ROLES = ['planner', 'regulator', 'bureau', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const signInInput = z
  .object({
    username: z.string({ error: 'is required' }).trim().toLowerCase().min(1, 'is required').max(64),
    password: z.string({ error: 'is required' }).min(1, 'is required').max(256),
  })
  .strict();
export type SignInInput = z.infer<typeof signInInput>;

/** The user behind a live session. */
export const signedInUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.string(),
  organisationKind: z.string(),
  role: z.enum(ROLES),
});
export type SignedInUser = z.infer<typeof signedInUser>;

export const signInResult = z.object({
  user: signedInUser,
  csrfToken: z.string().meta({ description: 'send back as the X-CSRF-Token header on changes made with the session cookie' }),
  token: z.string().meta({ description: 'the session token, for API clients: Authorization: Bearer <token>' }),
  expiresAt: timestamp,
});
export type SignInResult = z.infer<typeof signInResult>;

export const meResult = z.object({ user: signedInUser });
export type MeResult = z.infer<typeof meResult>;

/** A user as administrators see it: never its password, with its lock-out state. */
export const managedUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  organisationId: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  failedAttempts: z.number().int().meta({ description: 'failed sign-ins in a row (the worst client), while they count' }),
  lockedUntil: timestamp.nullable().meta({ description: 'locked for some client until then' }),
  createdAt: timestamp,
});
export type ManagedUser = z.infer<typeof managedUser>;

export const userList = z.object({ users: z.array(managedUser) });
export type UserList = z.infer<typeof userList>;

const userPassword = z.string().min(12, 'must be at least 12 characters').max(256);

export const userCreateInput = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 characters: lower-case letters, digits, dot, dash, underscore'),
    displayName: z.string().trim().min(1, 'is required').max(200),
    organisationId: z.string().min(1),
    password: userPassword,
  })
  .strict();
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    disabled: z.boolean().optional(),
    password: userPassword.optional(),
    unlock: z.literal(true).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

/** A user's id in a path. */
export const userId = z.coerce.number().int().positive({ error: 'must be a user id' }).meta({ type: 'integer', minimum: 1, description: 'a user id' });
