import { sourceCitation } from '../ui/citation';
import { type Lang, t, term } from '../i18n';
import { escapeHtml, rows } from '../ui/format';
import type { Candidate, OverlayCondition } from '@cosite/contracts';
import type { Analysis } from './analysis';

/** The analysis as HTML, shared by the planner panel and the printable report. */

export function badges(lang: Lang, reasons: string[], conditions: OverlayCondition[]): string {
  return [
    ...reasons.map((r) => `<span class="badge reason" data-code="${escapeHtml(r)}">${escapeHtml(term(lang, r))}</span>`),
    ...conditions.map(
      (c) =>
        `<span class="badge condition" data-code="${escapeHtml(c.condition)}" title="${escapeHtml(`${term(lang, c.overlay)} · ${sourceCitation(lang, c.source)}`)}">${escapeHtml(term(lang, c.condition))}</span>`,
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

/** Ranked candidates, feasible first; infeasible ones greyed with the reasons why. */
export function candidatesHtml(lang: Lang, a: Analysis): string {
  if (!a.candidates.length) return `<p class="muted">${escapeHtml(t(lang, 'noCandidates'))}</p>`;
  let rank = 0;
  const row = (c: Candidate) => {
    const r = c.feasible ? String(++rank) : '—';
    const breakdown = Object.entries(c.scoreBreakdown)
      .map(([k, v]) => `${k} ${v}`)
      .join(' + ');
    return `<tr class="candidate ${c.feasible ? 'feasible' : 'infeasible'}${a.best?.structureId === c.structureId ? ' best' : ''}" data-structure="${c.structureId}">
      <td>${r}</td>
      <td>${escapeHtml(c.name)}<br><small>${escapeHtml(c.code ?? '')} · ${escapeHtml(term(lang, c.kind))}</small></td>
      <td>${Math.round(c.distanceM)}</td>
      <td title="${escapeHtml(breakdown)}">${c.feasible ? c.score.toFixed(2) : '—'}${c.option ? `<br><small>${escapeHtml(term(lang, c.option))}</small>` : ''}</td>
      <td>${badges(lang, c.reasons, c.conditions)}</td></tr>`;
  };
  return `<table class="candidates"><thead><tr><th>#</th><th>${t(lang, 'candidates')}</th><th>${t(lang, 'distance')} (${t(lang, 'metres')})</th><th>${t(lang, 'score')}</th><th>${t(lang, 'reasonsAndConditions')}</th></tr></thead>
    <tbody>${a.candidates.map(row).join('')}</tbody></table>`;
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
