import { noticeArticle, noticeName } from './notice-names';
import { Injectable } from '@nestjs/common';
import type {
  PipelineKind,
  ProtectionCheckInput,
  ProtectionCheckResult,
  ProtectionCheckView,
  ProtectionConflict,
  ProtectionFindings,
  WorksOutcome,
} from '@cosite/contracts';
import { ApiError } from '../common/errors';
import { RulesService, type StoredRule } from '../zoning/rules.service';
import { PROTECTION_NEAR_MARGIN } from '../zoning/regulation-rules';
import { type Affected, ProtectionRepository } from './protection.repository';

type Outcome = WorksOutcome;
const SEVERITY: Record<Outcome | 'clear', number> = { clear: 0, protective_measures: 1, notify_owner: 2, forbidden: 3 };

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Works near telecom facilities: which facilities' protection zones a works area touches, and for each planned
 * activity whether it is forbidden there (art. 22), needs notice to the owner (art. 21), or — just outside the
 * zone — protective measures; plus the spacing other pipelines must keep from telecom lines (art. 14).
 */
@Injectable()
export class ProtectionService {
  constructor(
    private readonly checks: ProtectionRepository,
    private readonly rules: RulesService,
  ) {}

  async check(input: ProtectionCheckInput): Promise<ProtectionCheckResult> {
    const geojson = JSON.stringify(input.area);
    const valid = await this.checks.shape(geojson);
    if (valid.reason !== 'Valid Geometry') throw ApiError.invalid([{ field: 'area', problem: `invalid geometry: ${valid.reason}` }]);
    if (input.area.type === 'LineString' && valid.length < 0.5) throw ApiError.invalid([{ field: 'area', problem: 'the works line has no length' }]);
    const widthM = input.widthM ?? 0;
    const near = PROTECTION_NEAR_MARGIN.metres;
    const affected = await this.checks.zonesNear(geojson, widthM, near);
    const works = await this.rules.enabled(['works_activity', 'spacing']);
    const conflicts = affected.map((f): ProtectionConflict => ({
      facility: { type: f.facilityType, id: f.facilityId, protectedKind: f.facilityKind, kind: f.kind, code: f.code, name: f.name, geometry: f.geometry },
      owner: { id: f.ownerId, nameZh: f.ownerZh, nameEn: f.ownerEn, contact: f.contact },
      distanceM: round1(f.distanceM),
      insideZone: f.insideZone,
      zoneWidthM: f.widthM,
      activities: input.activities.map((a) => {
        const rule = works.find((r) => r.subject === 'works_activity' && r.appliesTo === a);
        if (f.insideZone && rule) return { activity: a, outcome: rule.outcome as Outcome, rule: rule.code, regulation: rule.regulation, article: rule.article };
        return {
          activity: a,
          outcome: 'protective_measures' as Outcome,
          rule: null,
          regulation: PROTECTION_NEAR_MARGIN.regulation,
          article: PROTECTION_NEAR_MARGIN.article,
        };
      }),
    }));
    const spacing = input.pipeline ? this.spacing(input.pipeline.kind, affected, widthM, works) : [];
    const worst = conflicts
      .flatMap((c) => c.activities.map((a) => a.outcome))
      .reduce<Outcome | 'clear'>((w, o) => (SEVERITY[o] > SEVERITY[w] ? o : w), 'clear');
    const owners = [
      ...new Map(
        affected.map((f) => [
          f.ownerId,
          { id: f.ownerId, nameZh: f.ownerZh, nameEn: f.ownerEn, contact: f.contact, facilities: affected.filter((x) => x.ownerId === f.ownerId).length },
        ]),
      ).values(),
    ];
    const result: ProtectionFindings = {
      title: input.title ?? null,
      works: {
        geometryType: input.area.type as 'Polygon' | 'LineString',
        widthM: input.widthM ?? null,
        activities: input.activities,
        pipeline: input.pipeline ?? null,
      },
      verdict: worst,
      conflicts,
      spacing,
      owners,
    };
    const saved = await this.checks.insert(input, result, geojson);
    return { id: saved.id, createdAt: saved.createdAt, ...result };
  }

  async get(id: string): Promise<ProtectionCheckView> {
    const row = await this.checks.get(id);
    if (!row) throw ApiError.notFound(`protection check ${id}`);
    return { id: row.id, createdAt: row.createdAt, area: row.area, ...row.result };
  }

  /** A printable notice to one owner: the works, its facilities affected, and what each activity needs there. */
  async notice(id: string, ownerId: string): Promise<string> {
    const c = await this.get(id);
    const owner = c.owners.find((o) => o.id === ownerId);
    if (!owner) throw ApiError.notFound(`owner ${ownerId} in protection check ${id}`);
    const mine = c.conflicts.filter((x) => x.owner.id === ownerId);
    const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
    const OUTCOME: Record<string, string> = {
      forbidden: '禁止 forbidden',
      notify_owner: '须事先通知产权单位并采取保护措施 notify the owner, with protective measures',
      protective_measures: '须采取保护措施 protective measures',
    };
    const rows = mine
      .map(
        (x) =>
          `<tr><td>${esc(x.facility.name ?? '')} ${esc(x.facility.code ?? '')}<br><small>${esc(noticeName(x.facility.kind))}</small></td><td>${x.distanceM} m${x.insideZone ? ` (保护范围 ${x.zoneWidthM} m 内 / inside the ${x.zoneWidthM} m zone)` : ''}</td>
         <td><ul>${x.activities.map((a) => `<li>${esc(noticeName(a.activity))}: ${esc(OUTCOME[a.outcome] ?? a.outcome)} — ${esc(noticeArticle(a.article))}</li>`).join('')}</ul></td></tr>`,
      )
      .join('');
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>通信设施保护告知书 ${esc(c.id)}</title>
<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:820px;margin:24px auto;font-size:13px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}h1{font-size:20px}</style></head>
<body><h1>通信设施保护告知书 / Notice of works near telecom facilities</h1>
<p>致 To: <strong>${esc(owner.nameZh)}</strong> (${esc(owner.nameEn)}) · 联系方式 contact: ${esc(owner.contact ?? '—')}</p>
<p>工程 Works: ${esc(c.title ?? c.id)} · ${esc(noticeName(c.works.geometryType))}${c.works.widthM ? `, ${c.works.widthM} m` : ''} · 日期 date: ${esc(new Date(c.createdAt).toISOString().slice(0, 10))}</p>
<p>依据《重庆市通信设施建设和保护规定》第二十一条、第二十二条，拟在贵单位下列通信设施保护范围内或附近施工，特此告知。
Under articles 21 and 22 of the Chongqing telecom facility construction and protection rules, you are notified of works within or near the protection zones of these facilities.</p>
<table><thead><tr><th>设施 Facility</th><th>距离 Distance</th><th>作业及要求 Activities and what they need</th></tr></thead><tbody>${rows}</tbody></table>
<p>核查编号 Check: ${esc(c.id)}</p></body></html>`;
  }

  /** Spacing another pipeline must keep from each telecom route it crosses or runs beside (art. 14). */
  private spacing(kind: PipelineKind, affected: Affected[], widthM: number, rules: StoredRule[]): ProtectionFindings['spacing'] {
    const rule = rules.find((r) => r.subject === 'spacing');
    if (!rule) return [];
    return affected
      .filter((f) => f.facilityType === 'route')
      .map((f) => {
        const relation = f.crossing ? 'crossing' : 'parallel';
        const requiredM = Number((relation === 'crossing' ? rule.params.crossingM : rule.params.parallelM)[kind]);
        // a crossing keeps its clearance vertically (the plan cannot show it); beside a line, the strip's edge counts
        const clearM = relation === 'crossing' ? null : round1(f.distanceM);
        return {
          route: { id: f.facilityId, kind: f.kind, code: f.code },
          pipeline: kind,
          relation,
          requiredM,
          distanceM: clearM,
          ok: relation === 'crossing' ? null : f.distanceM >= requiredM,
          rule: rule.code,
          regulation: rule.regulation,
          article: rule.article,
        };
      });
  }
}
