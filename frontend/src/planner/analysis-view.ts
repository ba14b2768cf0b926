import { citation as regulationCitation, sourceCitation } from '../ui/citation';
import { type Lang, t, term } from '../i18n';
import { escapeHtml, rows } from '../ui/format';
import type { Candidate, OverlayCondition } from '@cosite/contracts';
import type { Analysis } from './analysis';
import { CITATIONS_ZH } from '../messages/planner';
import { analysisWarnings, reasonCounts, splitCandidates } from './analysis-notes';

/** The analysis as HTML, shared by the planner panel and the printable report. */

export function badges(lang: Lang, reasons: string[], conditions: OverlayCondition[]): string {
  return [
    ...reasons.map((r) => `<span class="badge reason" data-code="${escapeHtml(r)}">${escapeHtml(term(lang, r))}</span>`),
    ...conditions.map(
      (c) =>
        `<span class="badge condition" data-code="${escapeHtml(c.condition)}" title="${escapeHtml(`${term(lang, c.overlay)} · ${(lang === 'zh' && CITATIONS_ZH[`overlay.${c.overlay}`]) || sourceCitation(lang, c.source)}`)}">${escapeHtml(term(lang, c.condition))}</span>`,
    ),
  ].join(' ');
}

export function decisionHtml(lang: Lang, a: Analysis): string {
  const best = a.best
    ? ` · ${escapeHtml(a.best.name)}${a.best.code ? ` (${escapeHtml(a.best.code)})` : ''}, ${Math.round(a.best.distanceM)} ${t(lang, 'metres')}`
    : '';
  return `<p class="decision"><span class="badge decision-${a.decision}" data-decision="${a.decision}">${escapeHtml(term(lang, a.decision))}</span>${best}</p>`;
}

export function demandHtml(lang: Lang, a: Analysis): string {
  const d = a.demand;
  return `<table class="demand">${rows(lang, [
    ['operator', term(lang, d.operator)],
    ['technology', d.technology],
    ['location', `${d.lat.toFixed(5)}, ${d.lon.toFixed(5)}`],
    ['searchRadius', d.searchRadiusM],
    ['bandMHz', d.bandMHz],
    ['antennaHeightM', d.antennaHeightM],
    ['slotsNeeded', d.slots],
    ['loadKg', d.loadKg],
    ['environment', term(lang, a.environment)],
  ])}</table>`;
}

/** A catalogue text with its {placeholders} filled. */
export const fill = (text: string, params: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));

/** A rule's citation: Chinese from the catalogue by rule code (the rules table is English), else the regulation and article as ui/citation words them. */
export function citation(lang: Lang, rule: string, regulation: string, article: string | null): string {
  const zh = lang === 'zh' ? CITATIONS_ZH[rule] : undefined;
  return zh ?? regulationCitation(lang, regulation, article);
}

const candidateRow = (lang: Lang, a: Analysis, c: Candidate, rank: string) => {
  const breakdown = Object.entries(c.scoreBreakdown)
    .map(([k, v]) => `${term(lang, `score:${k}`)} ${v}`)
    .join(' + ');
  return `<tr class="candidate ${c.feasible ? 'feasible' : 'infeasible'}${a.best?.structureId === c.structureId ? ' best' : ''}" data-structure="${c.structureId}">
      <td>${rank}</td>
      <td>${escapeHtml(c.name)}<br><small>${escapeHtml(c.code ?? '')} · ${escapeHtml(term(lang, c.kind))}</small></td>
      <td>${Math.round(c.distanceM)}</td>
      <td title="${escapeHtml(breakdown)}">${c.feasible ? c.score.toFixed(2) : '—'}${c.option ? `<br><small>${escapeHtml(term(lang, c.option))}</small>` : ''}</td>
      <td>${badges(lang, c.reasons, c.conditions)}</td></tr>`;
};

const candidateTable = (lang: Lang, rowsHtml: string) =>
  `<table class="candidates"><thead><tr><th>#</th><th>${t(lang, 'candidates')}</th><th>${t(lang, 'distance')} (${t(lang, 'metres')})</th><th>${t(lang, 'score')}</th><th>${t(lang, 'reasonsAndConditions')}</th></tr></thead>
    <tbody>${rowsHtml}</tbody></table>`;

/**
 * Ranked candidates for the panel: the feasible ones in a table, the infeasible ones behind their count (a ring in
 * the centre holds hundreds of lamp posts that cannot carry the demand), greyed with the reasons why.
 */
export function candidatesHtml(lang: Lang, a: Analysis): string {
  if (!a.candidates.length) return `<p class="muted">${escapeHtml(t(lang, 'noCandidates'))}</p>`;
  const { feasible, infeasible } = splitCandidates(a);
  const shown = feasible.length
    ? candidateTable(lang, feasible.map((c, k) => candidateRow(lang, a, c, String(k + 1))).join(''))
    : `<p class="muted no-feasible">${escapeHtml(t(lang, 'noFeasibleCandidates'))}</p>`;
  const hidden = infeasible.length
    ? `<details class="infeasible" data-count="${infeasible.length}"><summary>${escapeHtml(fill(t(lang, 'infeasibleMore'), { n: infeasible.length }))}</summary>
        ${candidateTable(lang, infeasible.map((c) => candidateRow(lang, a, c, '—')).join(''))}</details>`
    : '';
  return shown + hidden;
}

/** The report's feasible candidates: the same table as the panel's, ranked. */
export function feasibleCandidatesHtml(lang: Lang, a: Analysis): string {
  const { feasible } = splitCandidates(a);
  if (!feasible.length) return `<p class="muted no-feasible">${escapeHtml(t(lang, a.candidates.length ? 'noFeasibleCandidates' : 'noCandidates'))}</p>`;
  return candidateTable(lang, feasible.map((c, k) => candidateRow(lang, a, c, String(k + 1))).join(''));
}

/**
 * The report's appendix of infeasible candidates, compact: grouped by their reasons (most candidates first), each
 * candidate one short entry (code, kind, distance) in its group, so hundreds of lamp posts take a page, not ten.
 */
export function infeasibleAppendixHtml(lang: Lang, a: Analysis): string {
  const { infeasible } = splitCandidates(a);
  if (!infeasible.length) return '';
  const groups = new Map<string, Candidate[]>();
  for (const c of infeasible) {
    const key = c.reasons.join(' ');
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const entry = (c: Candidate) =>
    `<span class="candidate infeasible" data-structure="${c.structureId}">${escapeHtml(c.code ?? c.name)} ${escapeHtml(term(lang, c.kind))} ${Math.round(c.distanceM)} ${t(lang, 'metres')}</span>`;
  const group = ([key, cs]: [string, Candidate[]]) =>
    `<li><strong>${
      key
        ? key
            .split(' ')
            .map((r) => escapeHtml(term(lang, r)))
            .join('、')
        : '—'
    } (${cs.length})</strong>: ${cs.map(entry).join('; ')}</li>`;
  const byReason = reasonCounts(infeasible)
    .map(([r, n]) => `${escapeHtml(term(lang, r))} ${n}`)
    .join(' · ');
  return `<section class="appendix infeasible"><h2>${escapeHtml(fill(t(lang, 'infeasibleAppendix'), { n: infeasible.length }))}</h2>
    <p><strong>${t(lang, 'infeasibleByReason')}:</strong> ${byReason}</p><ul class="compact">${[...groups]
      .sort((x, y) => y[1].length - x[1].length)
      .map(group)
      .join('')}</ul></section>`;
}

/** Warnings a planner should not miss (a new build for nobody, a ring with nothing in it). */
export function warningsHtml(lang: Lang, a: Analysis): string {
  const ws = analysisWarnings(a);
  if (!ws.length) return '';
  const text = { no_residents_gained: t(lang, 'warnNoResidents'), empty_ring: t(lang, 'warnEmptyRing') };
  return `<ul class="warnings" role="status" aria-label="${escapeHtml(t(lang, 'warnings'))}">${ws.map((w) => `<li class="warning" data-warning="${w}">⚠ ${escapeHtml(text[w])}</li>`).join('')}</ul>`;
}

/** A place by its kind and name, the kind once when the name already says it (居住区405, not 居住区 居住区405). */
function placeName(lang: Lang, kindCode: unknown, name: unknown): string {
  const kind = term(lang, kindCode);
  if (typeof name !== 'string' || !name) return kind;
  return name.startsWith(kind) ? name : `${kind} ${name}`;
}

/** What set a condition off, in words: the overlay (kind and name), the build form, or the EMF at a sensitive site. */
function triggerText(lang: Lang, trigger: Record<string, unknown>): string {
  const named = placeName(lang, trigger.kind, trigger.name);
  if (trigger.type === 'overlay') {
    const height = typeof trigger.heightM === 'number' ? ` (${trigger.heightM} > ${String(trigger.heightLimitM)} ${t(lang, 'metres')})` : '';
    return `${named}${height}`;
  }
  if (trigger.type === 'build_form') return term(lang, trigger.buildForm);
  if (trigger.type === 'emf') return named;
  return '';
}

const percent = (x: number) => `${Number((x * 100).toFixed(x < 0.01 ? 2 : 1))} %`;

/**
 * Siting & EMF: the siting rule engine on the chosen site (the shared structure, or the new build's point): its
 * verdict, each condition with what set it off and the rule it comes from, and the exposure at the nearest sensitive
 * site from every sector on it with the compliance distance.
 */
export function sitingHtml(lang: Lang, a: Analysis): string {
  const s = a.siting;
  const head = `<h3>${t(lang, 'sitingEmf')}</h3>`;
  if (!s) return `<section class="siting">${head}<p class="muted">${escapeHtml(t(lang, 'sitingNone'))}</p></section>`;
  const verdict = `<p><strong>${t(lang, 'sitingVerdict')}:</strong> <span class="badge verdict-${s.verdict}" data-verdict="${s.verdict}">${escapeHtml(term(lang, s.verdict))}</span></p>`;
  const conditions = s.conditions.length
    ? `<table class="siting-conditions"><thead><tr><th>${t(lang, 'sitingCondition')}</th><th>${t(lang, 'sitingTrigger')}</th><th>${t(lang, 'sitingSource')}</th></tr></thead><tbody>${s.conditions
        .map(
          (c) =>
            `<tr class="siting-condition severity-${c.severity}" data-code="${escapeHtml(c.code)}"><td>${escapeHtml(term(lang, c.code))}</td><td>${escapeHtml(triggerText(lang, c.trigger))}</td><td class="source">${escapeHtml(citation(lang, c.rule, c.regulation, c.article))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${escapeHtml(t(lang, 'sitingNoConditions'))}</p>`;
  const e = s.emf;
  const emf = e
    ? `<table class="emf">${rows(lang, [
        ['emfSectors', fill(t(lang, 'emfSectorsValue'), { all: e.sectors, existing: e.existingSectors })],
        [
          'emfSensitiveSite',
          e.sensitiveSite
            ? `${placeName(lang, e.sensitiveSite.kind, e.sensitiveSite.name)}, ${e.sensitiveSite.inside ? t(lang, 'emfInside') : `${Math.round(e.sensitiveSite.distanceM)} ${t(lang, 'metres')}`}`
            : t(lang, 'emfNoSensitiveSite'),
        ],
        ['emfPowerDensity', e.powerDensityWm2 === null ? null : `${e.powerDensityWm2.toPrecision(3)} W/m²`],
        [
          'emfLimitShare',
          e.limitRatio === null
            ? null
            : `${percent(e.limitRatio)} (${fill(t(lang, 'emfProjectShare'), { share: percent(e.projectShare) })}; ${fill(t(lang, 'emfMainBeam'), { ratio: percent(e.mainBeamLimitRatio ?? 0) })})`,
        ],
        ['emfComplianceDistance', `${e.complianceDistanceM} ${t(lang, 'metres')}`],
        ['sitingSource', citation(lang, e.rule, e.regulation, e.article)],
      ])}</table>`
    : `<p class="muted">${escapeHtml(t(lang, 'emfNotAssessed'))}</p>`;
  return `<section class="siting" data-verdict="${s.verdict}">${head}${verdict}<h4>${t(lang, 'sitingConditions')}</h4>${conditions}<h4>${t(lang, 'emfExposure')}</h4>${emf}</section>`;
}

export function newBuildHtml(lang: Lang, a: Analysis): string {
  const n = a.newBuild;
  if (!n) return '';
  if (!n.location || !n.structure)
    return `<section class="new-build"><h3>${t(lang, 'newBuildSuggestion')}</h3><p>${escapeHtml(t(lang, 'noBuildableSite'))}</p></section>`;
  const s = n.structure;
  return `<section class="new-build"><h3>${t(lang, 'newBuildSuggestion')}</h3><table>${rows(lang, [
    ['location', `${n.location.lat.toFixed(5)}, ${n.location.lon.toFixed(5)}`],
    ['distance', `${n.distanceM} ${t(lang, 'metres')}`],
    ['proposedStructure', `${term(lang, s.kind)}, ${s.heightM} ${t(lang, 'metres')}, ${s.slotsTotal} ${t(lang, 'slots')}`],
    ['tenantsDesignedFor', s.tenantsDesignedFor],
    ['residentsGained', n.populationGain],
    ['onReservedLand', n.onReservedTelecomLand ? '✓' : '—'],
  ])}</table><p>${badges(lang, [], n.conditions)}</p></section>`;
}

export function coBuildHtml(lang: Lang, a: Analysis): string {
  const c = a.coBuild;
  if (!c) return '';
  return `<section class="co-build"><h3>${t(lang, 'coBuild')}</h3><table>${rows(lang, [
    ['coBuildPartners', c.members.map((m) => `${term(lang, m.operator)} ${m.technology}`).join('、')],
    ['towersAvoided', c.towersAvoided],
    ['location', `${c.location.lat.toFixed(5)}, ${c.location.lon.toFixed(5)}`],
    ['proposedStructure', `${term(lang, c.structure.kind)}, ${c.structure.heightM} ${t(lang, 'metres')}, ${c.structure.slotsTotal} ${t(lang, 'slots')}`],
  ])}</table><p>${badges(lang, [], c.conditions)}</p></section>`;
}
