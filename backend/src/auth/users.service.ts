import { Injectable } from '@nestjs/common';
import type { ManagedUser, UserCreateInput, UserList, UserUpdateInput } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { recordAudit } from '../audit/audit-trail';
import { ROLE_OF_ORGANISATION_KIND, SignedInUser } from './roles';
import { hashPassword } from './sessions.service';
import { UsersRepository } from './users.repository';

/** Users, managed by administrators: the role follows the organisation's kind; passwords are set, never read. */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async list(): Promise<UserList> {
    return { users: await this.users.list() };
  }

  async create(input: UserCreateInput, admin: SignedInUser): Promise<ManagedUser> {
    const kind = await this.users.organisationKind(input.organisationId);
    const role = kind === null ? undefined : ROLE_OF_ORGANISATION_KIND[kind];
    if (!role) {
      throw ApiError.invalid([
        { field: 'organisationId', problem: kind !== null ? `an organisation of kind ${kind} has no users` : `no organisation "${input.organisationId}"` },
      ]);
    }
    const passwordHash = await hashPassword(input.password);
    return this.users.transaction(async (em) => {
      const id = await this.users.insert(em, {
        username: input.username,
        displayName: input.displayName,
        organisationId: input.organisationId,
        role,
        passwordHash,
      });
      if (id === null) throw ApiError.of('username_taken', 'username', `"${input.username}" is taken`);
      const user = (await this.users.byId(em, id))!;
      await recordAudit(em, admin, { entity: 'user', entityId: user.id, action: 'user_created', before: null, after: user });
      return user;
    });
  }

  async update(id: number, input: UserUpdateInput, admin: SignedInUser): Promise<ManagedUser> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.users.transaction(async (em) => {
      const before = await this.users.byId(em, id, true);
      if (!before) throw ApiError.notFound(`user ${id}`);
      await this.users.update(em, id, { displayName: input.displayName ?? null, disabled: input.disabled ?? null, passwordHash });
      // unlocking (or a new password) clears the username's lock-outs on every client
      if (input.unlock || passwordHash) await this.users.clearSignInFailures(em, before.username);
      // a disabled account or a new password ends the user's sessions
      if (input.disabled || passwordHash) await this.users.revokeSessions(em, id);
      const after = (await this.users.byId(em, id))!;
      await recordAudit(em, admin, { entity: 'user', entityId: id, action: input.password ? 'user_updated_password_reset' : 'user_updated', before, after });
      return after;
    });
  }
}
