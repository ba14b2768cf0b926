import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportLayer, MappingProfile, MappingProfileInput } from '@cosite/contracts';
import type { SignedInUser } from '../auth/roles';
import { ApiError, fromPostgresError } from '../common/errors';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { MAPPING_PRESETS } from './presets';

/** Named column mappings, per organisation (a planner's are their operator's), beside the presets Cosite ships. */
@Injectable()
export class MappingProfilesService {
  constructor(
    private readonly db: DataSource,
    private readonly imports: ImportsService,
  ) {}

  async list(user: SignedInUser, layer: ImportLayer | null): Promise<{ profiles: MappingProfile[] }> {
    const presets: MappingProfile[] = MAPPING_PRESETS.filter((p) => !layer || p.layer === layer).map((p) => ({
      id: `preset:${p.name}`,
      name: p.name,
      layer: p.layer,
      description: p.description,
      crs: p.crs ?? null,
      mapping: p.mapping,
      preset: true,
      organisationId: null,
      updatedAt: null,
    }));
    return { profiles: [...presets, ...(await ImportsRepository.listProfiles(this.db, user.organisationId, layer))] };
  }

  async create(user: SignedInUser, input: MappingProfileInput): Promise<MappingProfile> {
    this.imports.checkMappingFields(input.layer, input.mapping, 'mapping');
    return this.saving(() => ImportsRepository.insertProfile(this.db, user.organisationId, input, user.id));
  }

  async update(user: SignedInUser, id: string, input: MappingProfileInput): Promise<MappingProfile> {
    this.imports.checkMappingFields(input.layer, input.mapping, 'mapping');
    const saved = await this.saving(() => ImportsRepository.updateProfile(this.db, id, user.organisationId, input));
    if (!saved) throw ApiError.notFound(`mapping profile ${id}`);
    return saved;
  }

  async remove(user: SignedInUser, id: string): Promise<void> {
    if (!(await ImportsRepository.deleteProfile(this.db, id, user.organisationId))) throw ApiError.notFound(`mapping profile ${id}`);
  }

  /** A second profile of the same name in the organisation is a 409 naming `name`. */
  private async saving<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      throw fromPostgresError(e, (c) => (c.includes('name') ? 'name' : undefined)) ?? e;
    }
  }
}
