import { Injectable } from '@nestjs/common';
import type { SiteCondition, SitingConditionsInput, SitingResult } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { complianceDistanceM, EmfSector, exposureAt, LimitBand, sectorsOfTenancy, worstAlongBoresights } from './emf';
import { RulesService, StoredRule } from './rules.service';
import { SitingRepository } from './siting.repository';

/** Conditions that make a site unbuildable as proposed; the rest come with the permission. */
const FORBIDDING = new Set(['no_build_zone', 'emf_limit_exceeded']);
/** Said for information: no change to the verdict. */
const ADVISORY = new Set(['preferred_site']);

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The EMF figures as answered: whether the limit is exceeded is said by the conditions. */
const withoutVerdict = <T extends { exceeded: boolean }>({ exceeded: _e, ...rest }: T): Omit<T, 'exceeded'> => rest;

/**
 * The siting rule engine: a proposed or existing structure against the zoning overlays, the build-form rules and
 * the EMF limit (its existing tenants included), every condition with the rule and article behind it.
 */
@Injectable()
export class SitingService {
  constructor(
    private readonly siting: SitingRepository,
    private readonly rules: RulesService,
  ) {}

  async conditions(input: SitingConditionsInput): Promise<SitingResult> {
    const site = await this.siteOf(input);
    const rules = await this.rules.enabled(['overlay', 'build_form', 'emf']);
    const rule = (subject: string, appliesTo: string) => rules.find((r) => r.subject === subject && r.appliesTo === appliesTo);
    const conditions: SiteCondition[] = [];
    const add = (r: StoredRule, trigger: Record<string, unknown>) =>
      conditions.push({
        code: r.outcome,
        severity: FORBIDDING.has(r.outcome) ? 'forbidden' : ADVISORY.has(r.outcome) ? 'advisory' : 'condition',
        trigger,
        rule: r.code,
        regulation: r.regulation,
        article: r.article,
      });

    const overlays = await this.siting.overlaysAt(site.lon, site.lat);
    for (const o of overlays) {
      const r = rule('overlay', o.kind);
      if (!r) continue;
      // no-build zones and preferred land speak to new structures; an existing one is already there
      if (!site.proposed && (r.outcome === 'no_build_zone' || r.outcome === 'preferred_site')) continue;
      const trigger: Record<string, unknown> = { type: 'overlay', id: o.id, kind: o.kind, name: o.name };
      if (r.outcome === 'aviation_approval_required') {
        const limit = o.heightLimitM ?? Number(r.params.defaultHeightLimitM);
        if (site.heightM <= limit) continue;
        Object.assign(trigger, { heightM: site.heightM, heightLimitM: limit });
      }
      add(r, trigger);
    }
    const form = site.proposed ? rule('build_form', site.buildForm) : undefined;
    if (form) add(form, { type: 'build_form', buildForm: site.buildForm });

    const emfRule = rule('emf', 'sensitive_site');
    const emf = emfRule && site.sectors.length ? await this.emf(site, emfRule) : null;
    if (emf?.exceeded && emfRule) add(emfRule, { type: 'emf', ...emf.sensitiveSite, limitRatio: emf.limitRatio, projectShare: emf.projectShare });

    const verdict = conditions.some((c) => c.severity === 'forbidden')
      ? 'forbidden'
      : conditions.some((c) => c.severity === 'condition')
        ? 'allowed_with_conditions'
        : 'allowed';
    return {
      verdict,
      site: {
        structureId: site.structureId,
        location: { lon: site.lon, lat: site.lat },
        kind: site.kind,
        heightM: site.heightM,
        buildForm: site.buildForm,
        proposed: site.proposed,
      },
      conditions,
      emf: emf && withoutVerdict(emf),
    };
  }

  /** The site to check: a stored structure (with its tenants' sectors) or a proposal as given. */
  private async siteOf(input: SitingConditionsInput) {
    if (input.structureId === undefined) {
      const heightM = input.heightM!;
      return {
        structureId: null,
        proposed: true,
        lon: input.location!.lon,
        lat: input.location!.lat,
        kind: input.kind!,
        heightM,
        buildForm: input.buildForm!,
        sectors: input.sectors.map((s) => ({ ...s, antennaHeightM: s.antennaHeightM ?? heightM })) as EmfSector[],
        existingSectors: 0,
      };
    }
    const s = await this.siting.structure(input.structureId);
    if (!s) throw ApiError.invalid([{ field: 'structureId', problem: `no structure ${input.structureId}` }]);
    const tenancies = await this.siting.tenancyRadio(input.structureId);
    const existing = tenancies.flatMap(sectorsOfTenancy);
    const added = input.sectors.map((x) => ({ ...x, antennaHeightM: x.antennaHeightM ?? s.heightM })) as EmfSector[];
    return {
      structureId: input.structureId,
      proposed: s.status === 'planned' || s.status === 'approved',
      lon: s.lon,
      lat: s.lat,
      kind: s.kind,
      heightM: s.heightM,
      buildForm: s.buildForm,
      sectors: [...existing, ...added],
      existingSectors: existing.length,
    };
  }

  /** Exposure at the nearest sensitive site (residential area, school, hospital) from every sector on the site. */
  private async emf(site: { lon: number; lat: number; sectors: EmfSector[]; existingSectors: number }, r: StoredRule) {
    const limits = r.params.limitsWm2 as LimitBand[];
    const share = Number(r.params.projectShare);
    const receptorHeightM = Number(r.params.receptorHeightM ?? 1.5);
    const searchM = 1000;
    const near = await this.siting.nearest(site.lon, site.lat, r.params.sensitiveOverlays, searchM);
    const compliance = complianceDistanceM(site.sectors, limits, share);
    const common = {
      sectors: site.sectors.length,
      existingSectors: site.existingSectors,
      projectShare: share,
      complianceDistanceM: round(compliance, 1),
      rule: r.code,
      regulation: r.regulation,
      article: r.article,
    };
    if (!near) return { ...common, sensitiveSite: null, powerDensityWm2: null, limitRatio: null, mainBeamLimitRatio: null, exceeded: false };
    const inside = near.distanceM < 0.01;
    const e = inside
      ? worstAlongBoresights(site.sectors, receptorHeightM, limits)
      : exposureAt(
          site.sectors,
          (near.lon - site.lon) * 111320 * Math.cos((site.lat * Math.PI) / 180),
          (near.lat - site.lat) * 110574,
          receptorHeightM,
          limits,
        );
    return {
      ...common,
      sensitiveSite: { id: near.id, kind: near.kind, name: near.name, distanceM: round(near.distanceM, 1), inside },
      powerDensityWm2: Number(e.densityWm2.toPrecision(4)),
      limitRatio: Number(e.limitRatio.toPrecision(4)),
      mainBeamLimitRatio: Number(e.mainBeamLimitRatio.toPrecision(4)),
      exceeded: e.limitRatio > share,
    };
  }
}
