import { Injectable } from '@nestjs/common';
import type { OverlapCheckInput, OverlapCheckResult, OverlapFindings } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { RulesService } from '../zoning/rules.service';
import { ROUTE_HOSTS } from '../zoning/regulation-rules';
import { RouteSharingRepository } from './route-sharing.repository';
import { routeVerdict } from './route-verdict';

const MAX_ROUTE_M = 50_000;

interface SharingRule {
  code: string;
  regulation: string;
  article: string | null;
  params: { hostKinds: string[]; corridorM: number; maxAngleDeg: number; mustShareMinShare: number; coBuildWindowDays: number };
}

/** Kinds of the same family (underground or aerial) as a kind: a co-build partner builds the same thing. */
const familyOf = (kind: keyof typeof ROUTE_HOSTS) =>
  Object.keys(ROUTE_HOSTS).filter((k) => ROUTE_HOSTS[k as keyof typeof ROUTE_HOSTS][0] === ROUTE_HOSTS[kind][0]);

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Route sharing: which existing routes a proposed duct, pole line or cable runs along (route_along in SQL: inside
 * the corridor and heading the same way), how much of it, their free capacity, other operators' overlapping
 * proposals, and the verdict with the rule it comes from. Every check is stored; later checks find it for co-build.
 */
@Injectable()
export class OverlapCheckService {
  constructor(
    private readonly checks: RouteSharingRepository,
    private readonly rules: RulesService,
  ) {}

  async check(input: OverlapCheckInput): Promise<OverlapCheckResult> {
    const geojson = JSON.stringify(input.geometry);
    const shape = await this.checks.shape(geojson, input.operator);
    if (shape.lengthM < 1) throw ApiError.invalid([{ field: 'geometry', problem: 'the route has no length (its points are less than 1 m apart)' }]);
    if (!shape.simple) throw ApiError.invalid([{ field: 'geometry', problem: 'the route crosses or runs back over itself; draw each stretch once' }]);
    if (shape.reason !== 'Valid Geometry') throw ApiError.invalid([{ field: 'geometry', problem: `invalid geometry: ${shape.reason}` }]);
    if (shape.lengthM > MAX_ROUTE_M)
      throw ApiError.invalid([{ field: 'geometry', problem: `the route is ${Math.round(shape.lengthM)} m long; check at most ${MAX_ROUTE_M} m at a time` }]);
    if (!shape.operatorKnown) throw ApiError.invalid([{ field: 'operator', problem: `no operator "${input.operator}"` }]);

    // the sharing rule of this kind and the pipeline spacing, in one read of the rules table
    const rules = await this.rules.enabled(['route_sharing', 'spacing']);
    const rule = rules.find((r) => r.subject === 'route_sharing' && r.appliesTo === input.kind) as SharingRule | undefined;
    if (!rule) throw ApiError.of('rule_disabled', 'kind', `the route-sharing rule for ${input.kind} is disabled`);
    const corridorM = input.corridorM ?? rule.params.corridorM;
    const { maxAngleDeg, mustShareMinShare: minShare, coBuildWindowDays, hostKinds } = rule.params;
    const found = await this.checks.along({
      geojson,
      corridorM,
      maxAngleDeg,
      hostKinds,
      capacityNeeded: input.capacityNeeded,
      operator: input.operator,
      family: familyOf(input.kind),
      coBuildWindowDays,
      minShare,
      lengthM: shape.lengthM,
    });
    const lengthM = Number(shape.lengthM);
    const facts = {
      lengthM,
      alongHostsM: Number(found.alongHostsM ?? 0),
      alongHostsWithRoomM: Number(found.alongHostsWithRoomM ?? 0),
      coBuildPartners: found.coBuildPartners.length,
    };
    const verdict = routeVerdict(facts, minShare);
    const spacing = rules.find((r) => r.subject === 'spacing');
    const result: OverlapFindings = {
      title: input.title ?? null,
      proposal: { kind: input.kind, operator: input.operator, capacityNeeded: input.capacityNeeded, corridorM, lengthM: round1(lengthM) },
      verdict,
      rule: { code: rule.code, regulation: rule.regulation, article: rule.article, mustShareMinShare: minShare, hostKinds },
      sharedLengthM: round1(Number(found.alongAnyM ?? 0)),
      share: round3(Number(found.alongAnyM ?? 0) / lengthM),
      alongCarriersShare: round3(facts.alongHostsM / lengthM),
      alongCarriersWithRoomShare: round3(facts.alongHostsWithRoomM / lengthM),
      routes: found.routes.map((r) => ({ ...r, sharedLengthM: round1(r.sharedLengthM), share: round3(r.sharedLengthM / lengthM) })),
      shared: found.shared,
      coBuildPartners: found.coBuildPartners.map((c) => ({ ...c, sharedLengthM: round1(c.sharedLengthM) })),
      crossings: found.crossings,
      // art. 14 clearances the new line keeps from other utilities where it crosses or runs beside them
      spacing: spacing
        ? {
            rule: spacing.code,
            regulation: spacing.regulation,
            article: spacing.article,
            parallelM: spacing.params.parallelM,
            crossingM: spacing.params.crossingM,
          }
        : null,
    };
    const saved = await this.checks.insert(input, corridorM, verdict, result, geojson);
    return { id: saved.id, createdAt: saved.createdAt, geometry: input.geometry, ...result };
  }

  async get(id: string): Promise<OverlapCheckResult> {
    const row = await this.checks.get(id);
    if (!row) throw ApiError.notFound(`overlap check ${id}`);
    return { id: row.id, createdAt: row.createdAt, geometry: row.geometry, ...row.result };
  }
}
