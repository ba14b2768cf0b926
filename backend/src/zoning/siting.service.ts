import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { BUILD_FORMS, STRUCTURE_KINDS } from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { parseOrThrow } from '../common/zod';
import { lonLat, oneOf } from '@cosite/contracts';
import { complianceDistanceM, EmfSector, exposureAt, LimitBand, sectorsOfTenancy, worstAlongBoresights } from './emf';
import { RulesService, StoredRule } from './rules.service';

const sectorSchema = z.object({
  eirpDbm: z.number().min(0, 'must be between 0 and 100 dBm').max(100, 'must be between 0 and 100 dBm'),
  azimuthDeg: z.number().min(0).lt(360, 'must be at least 0 and under 360').nullable().default(null),
  bandMHz: z.number().int().min(400, 'must be between 400 and 100000 MHz').max(100_000, 'must be between 400 and 100000 MHz'),
  antennaHeightM: z.number().min(0).max(300).optional(),
  downtiltDeg: z.number().min(-20).max(30).default(6),
});

const conditionsSchema = z
  .object({
    structureId: z.number().int().positive().optional(),
    location: lonLat.optional(),
    kind: oneOf(STRUCTURE_KINDS).optional(),
    heightM: z.number().gt(0, 'must be more than 0 m').max(300, 'must be at most 300 m').optional(),
    buildForm: oneOf(BUILD_FORMS).optional(),
    sectors: z.array(sectorSchema).max(48, 'at most 48 sectors').default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.structureId !== undefined) return;
    for (const f of ['location', 'kind', 'heightM', 'buildForm'] as const) {
      if (p[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'is required for a proposed structure (or give structureId)' });
    }
  });

/** Conditions that make a site unbuildable as proposed; the rest come with the permission. */
const FORBIDDING = new Set(['no_build_zone', 'emf_limit_exceeded']);
/** Said for information: no change to the verdict. */
const ADVISORY = new Set(['preferred_site']);

export interface SiteCondition {
  code: string;
  severity: 'forbidden' | 'condition' | 'advisory';
  trigger: Record<string, unknown>;
  rule: string;
  regulation: string;
  article: string | null;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The siting rule engine: a proposed or existing structure against the zoning overlays, the build-form rules and
 * the EMF limit (its existing tenants included), every condition with the rule and article behind it.
 */
@Injectable()
export class SitingService {
  constructor(
    private readonly db: DataSource,
    private readonly rules: RulesService,
  ) {}

  async conditions(body: unknown) {
    const input = parseOrThrow(conditionsSchema, body ?? {});
    const site = await this.siteOf(input);
    const rules = await this.rules.enabled(['overlay', 'build_form', 'emf']);
    const rule = (subject: string, appliesTo: string) => rules.find((r) => r.subject === subject && r.appliesTo === appliesTo);
    const conditions: SiteCondition[] = [];
    const add = (r: StoredRule, trigger: Record<string, unknown>) =>
      conditions.push({ code: r.outcome, severity: FORBIDDING.has(r.outcome) ? 'forbidden' : ADVISORY.has(r.outcome) ? 'advisory' : 'condition', trigger, rule: r.code, regulation: r.regulation, article: r.article });

    const overlays: { id: number; kind: string; name: string; heightLimitM: number | null }[] = await this.db.query(
      `SELECT id::int, kind, name, height_limit_m::float8 AS "heightLimitM" FROM overlay_in_force
        WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
        ORDER BY id`,
      [site.lon, site.lat],
    );
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

    const verdict = conditions.some((c) => c.severity === 'forbidden') ? 'forbidden' : conditions.some((c) => c.severity === 'condition') ? 'allowed_with_conditions' : 'allowed';
    return {
      verdict,
      site: { structureId: site.structureId, location: { lon: site.lon, lat: site.lat }, kind: site.kind, heightM: site.heightM, buildForm: site.buildForm, proposed: site.proposed },
      conditions,
      emf: emf && { ...emf, exceeded: undefined },
    };
  }

  /** The site to check: a stored structure (with its tenants' sectors) or a proposal as given. */
  private async siteOf(input: z.infer<typeof conditionsSchema>) {
    if (input.structureId === undefined) {
      const heightM = input.heightM!;
      return {
        structureId: null, proposed: true, lon: input.location!.lon, lat: input.location!.lat, kind: input.kind!, heightM, buildForm: input.buildForm!,
        sectors: input.sectors.map((s) => ({ ...s, antennaHeightM: s.antennaHeightM ?? heightM })) as EmfSector[], existingSectors: 0,
      };
    }
    const rows = await this.db.query(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, kind, height_m::float8 AS "heightM", build_form AS "buildForm", status FROM structure WHERE id = $1`,
      [input.structureId],
    );
    if (!rows.length) throw ApiError.invalid([{ field: 'structureId', problem: `no structure ${input.structureId}` }]);
    const s = rows[0];
    const tenancies: { eirpDbm: number; azimuthDeg: number | null; sectorCount: number; bandMHz: number; antennaHeightM: number; tiltDeg: number }[] = await this.db.query(
      `SELECT eirp_dbm::float8 AS "eirpDbm", azimuth_deg::float8 AS "azimuthDeg", sector_count AS "sectorCount", band_mhz AS "bandMHz",
              antenna_height_m::float8 AS "antennaHeightM", (mech_tilt_deg + elec_tilt_deg)::float8 AS "tiltDeg"
         FROM tenancy WHERE structure_id = $1 AND status <> 'decommissioned' ORDER BY id`,
      [input.structureId],
    );
    const existing = tenancies.flatMap(sectorsOfTenancy);
    const added = input.sectors.map((x) => ({ ...x, antennaHeightM: x.antennaHeightM ?? s.heightM })) as EmfSector[];
    return {
      structureId: input.structureId, proposed: s.status === 'planned' || s.status === 'approved', lon: s.lon, lat: s.lat, kind: s.kind, heightM: s.heightM, buildForm: s.buildForm,
      sectors: [...existing, ...added], existingSectors: existing.length,
    };
  }

  /** Exposure at the nearest sensitive site (residential area, school, hospital) from every sector on the site. */
  private async emf(site: { lon: number; lat: number; sectors: EmfSector[]; existingSectors: number }, r: StoredRule) {
    const limits = r.params.limitsWm2 as LimitBand[];
    const share = Number(r.params.projectShare);
    const receptorHeightM = Number(r.params.receptorHeightM ?? 1.5);
    const searchM = 1000;
    const [near] = await this.db.query(
      // metres from Web Mercator scaled by cos(latitude): within a kilometre as exact as geography, and far cheaper
      `SELECT * FROM (
         SELECT o.id::int, o.kind, o.name, ST_Distance(ST_Transform(o.geom, 3857), ST_Transform(p.pt, 3857)) * cos(radians($2)) AS "distanceM",
                ST_X(ST_ClosestPoint(o.geom, p.pt)) AS lon, ST_Y(ST_ClosestPoint(o.geom, p.pt)) AS lat
           FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt) p
           JOIN overlay_in_force o ON o.kind = ANY($3) AND o.geom && ST_Expand(p.pt, $4 / (111320 * cos(radians($2))))) c
        WHERE "distanceM" <= $4
        ORDER BY "distanceM", id LIMIT 1`,
      [site.lon, site.lat, r.params.sensitiveOverlays, searchM],
    );
    const compliance = complianceDistanceM(site.sectors, limits, share);
    const common = { sectors: site.sectors.length, existingSectors: site.existingSectors, projectShare: share, complianceDistanceM: round(compliance, 1), rule: r.code, regulation: r.regulation, article: r.article };
    if (!near) return { ...common, sensitiveSite: null, powerDensityWm2: null, limitRatio: null, mainBeamLimitRatio: null, exceeded: false };
    const inside = near.distanceM < 0.01;
    const e = inside
      ? worstAlongBoresights(site.sectors, receptorHeightM, limits)
      : exposureAt(site.sectors, (near.lon - site.lon) * 111320 * Math.cos((site.lat * Math.PI) / 180), (near.lat - site.lat) * 110574, receptorHeightM, limits);
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
