import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CoBuildGroup, NewBuildSite } from '@cosite/contracts';
import { CO_BUILD } from './colocation.defaults';
import { ColocationRepository, type NewBuildRow } from './colocation.repository';
import { demandRadio, NewBuildSiting, SitedDemand } from './new-build-siting';

/**
 * Co-build: a new-build demand joins the new-build demands of other operators whose rings overlap it (nominal points
 * within CO_BUILD.maxDistanceM, analysed within CO_BUILD.windowDays), and the group is offered one shared structure
 * sited where every member's ring overlaps. One operator per group: two demands of the same operator are its own
 * planning matter, not sharing.
 */
@Injectable()
export class CoBuildService {
  constructor(
    private readonly db: DataSource,
    private readonly siting: NewBuildSiting,
  ) {}

  /** Groups one new-build analysis (inside the caller's transaction); returns its group id, or null when it stays alone. */
  async attach(em: EntityManager, analysisId: string): Promise<string | null> {
    // Grouping reads and rewrites groups: one at a time, so two workers cannot form overlapping groups.
    await ColocationRepository.lockCoBuild(em);
    const me = await ColocationRepository.newBuild(em, analysisId);
    if (!me || me.groupId || !me.site) return me?.groupId ?? null;
    const partners = await ColocationRepository.coBuildPartners(em, analysisId, CO_BUILD.maxDistanceM, CO_BUILD.windowDays);
    // Join an existing group before starting a new one; then draw in ungrouped partners of further operators.
    let group: { id: string; members: NewBuildRow[] } | null = null;
    for (const p of partners) {
      if (!group) {
        const members = p.groupId ? await this.membersOf(em, p.groupId) : [p];
        if (members.some((m) => m.operator === me.operator)) continue;
        const tried = [...members, me];
        const id = await this.site(em, p.groupId, tried);
        if (id) group = { id, members: tried };
      } else if (!p.groupId && !group.members.some((m) => m.operator === p.operator)) {
        const tried = [...group.members, p];
        if (await this.site(em, group.id, tried)) group.members = tried;
      }
    }
    return group?.id ?? null;
  }

  /** The group an analysis belongs to, as its response shows it; null when it has none. */
  async view(analysisId: string, db: DataSource | EntityManager = this.db): Promise<CoBuildGroup | null> {
    const row = await ColocationRepository.coBuildOf(db, analysisId);
    if (!row) return null;
    const { id, members } = row;
    const proposal = row.proposal as NewBuildSite;
    return {
      groupId: id,
      members,
      towersAvoided: members.length - 1,
      location: proposal.location,
      structure: proposal.structure,
      conditions: proposal.conditions,
      populationGain: proposal.populationGain,
      onReservedTelecomLand: proposal.onReservedTelecomLand,
    };
  }

  private membersOf(em: EntityManager, groupId: string): Promise<NewBuildRow[]> {
    return ColocationRepository.coBuildMembers(em, groupId);
  }

  /**
   * Sites a group of members where all their rings overlap; stores the group (new when groupId is null) and its
   * membership when a buildable point exists, and returns the group's id (null when there is no such point).
   */
  private async site(em: EntityManager, groupId: string | null, members: NewBuildRow[]): Promise<string | null> {
    let area: string | null = null;
    for (const m of members) area = await ColocationRepository.ringWithin(em, m.id, area);
    const a = await ColocationRepository.areaShape(em, area);
    if (a.empty || a.dim < 2) return null;
    // the nominal point of a group: the mean of its members' points
    const nominal = {
      lon: members.reduce((s, m) => s + m.demand.lon, 0) / members.length,
      lat: members.reduce((s, m) => s + m.demand.lat, 0) / members.length,
    };
    const sited: SitedDemand[] = members.map((m) => ({ demand: m.demand, ...demandRadio(m.demand, m.environment) }));
    const proposal = await this.siting.suggest(area!, sited, nominal, await this.siting.overlayRules(), em);
    if (!proposal) return null;
    const id = await ColocationRepository.saveCoBuildGroup(em, groupId, area!, proposal.location, {
      ...proposal,
      operators: members.map((m) => m.operator).sort(),
    });
    await ColocationRepository.joinCoBuildGroup(
      em,
      id,
      members.map((m) => m.id),
    );
    return id;
  }
}
