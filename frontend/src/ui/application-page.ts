import type { ApplicationDetail, AttachmentItem, SitingResult, TimelineEvent } from '@cosite/contracts';
import { ATTACHMENT_KINDS } from '@cosite/contracts';
import { type Lang, t, term } from '../i18n';
import type { User } from '../auth';
import type { Analysis } from '../planner/analysis';
import { candidatesHtml, decisionHtml, demandHtml, newBuildHtml } from '../planner/analysis-view';
import { COMMENT_REQUIRED, FINAL_STATES, fileSize, isApplicant, movesFor, shortSha } from '../applications/model';
import { escapeHtml, rows } from './format';

/**
 * One application as a page: what was asked for and where (a mini-map of the ring, the demand point and the chosen
 * structure or new-build site), the structure and its tenants, the analysis it was filed from (decision and
 * candidates with reasons), the siting verdict with its conditions and EMF, the justification, who did what and
 * when, the documents filed, and the moves this user may make. Pure HTML from the data; the mini-map is application-map.ts.
 */

/** The structure chosen (shared or upgraded) as the inventory has it now, with its tenants. */
export interface ChosenStructure {
  name: string;
  code: string | null;
  kind: string;
  ownerId: string;
  heightM: number;
  slotsFree: number;
  slotsTotal: number;
  tenants: { operatorId: string; technology: string; bandMhz: number; antennaHeightM: number }[];
}

export interface ApplicationPage {
  detail: ApplicationDetail;
  timeline: TimelineEvent[];
  attachments: AttachmentItem[];
  structure: ChosenStructure | null;
  reviewers: { username: string; displayName: string }[];
}

/** The detail the API answered, typed as the contract's (the snapshot's unbuildable new build: see answeredAnalysis). */
export const answeredDetail = (d: Omit<ApplicationDetail, 'analysisSnapshot'> & { analysisSnapshot: unknown }): ApplicationDetail => d as ApplicationDetail;

const when = (lang: Lang, at: string) => new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** The analysis as it was filed, with the application's own choice marked best (the map and the tables show it). */
export function filedAnalysis(d: ApplicationDetail): Analysis {
  const s = d.analysisSnapshot as Omit<Analysis, 'id' | 'createdAt' | 'coBuild'>;
  const chosen = s.candidates.find((c) => c.structureId === d.structureId) ?? s.best;
  const site = d.proposedSite?.coordinates;
  const newBuild = s.newBuild?.location && site ? { ...s.newBuild, location: { ...s.newBuild.location, lon: site[0]!, lat: site[1]! } } : s.newBuild;
  return { ...s, id: d.analysisId, createdAt: d.createdAt, coBuild: null, best: d.kind === 'new_build' ? null : chosen, newBuild };
}

export function pageHtml(lang: Lang, user: User | null, p: ApplicationPage): string {
  const d = p.detail;
  const a = filedAnalysis(d);
  const decided = d.state === 'approved' || d.state === 'rejected';
  const district = d.districtName ? (lang === 'zh' ? d.districtName.zh : (d.districtName.en ?? d.districtName.zh)) : null;
  return `<div class="application-page application-detail" data-id="${d.id}" data-version="${d.version}" data-state="${d.state}">
    <p class="back"><button type="button" data-action="back">← ${t(lang, 'backToQueue')}</button></p>
    <h3 class="page-title">${escapeHtml(d.code)} <span class="badge state-${d.state}" data-state="${d.state}">${escapeHtml(term(lang, d.state))}</span>${d.overdue ? ` <span class="badge reason">${t(lang, 'overdue')}</span>` : ''}</h3>
    <p class="muted">${escapeHtml(term(lang, d.kind))} · ${escapeHtml(term(lang, d.operatorId))}${district ? ` · ${escapeHtml(district)}` : ''} · ${t(lang, 'filedOn')} ${escapeHtml(when(lang, d.createdAt))}</p>
    ${lastCommentHtml(lang, user, d)}
    ${
      decided
        ? `<p class="letter"><a href="/api/v1/applications/${d.id}/decision-letter?lang=${lang}" target="_blank" data-letter>${t(lang, 'decisionLetter')}${d.letterNumber ? ` ${escapeHtml(d.letterNumber)}` : ''} (PDF)</a></p>`
        : ''
    }
    <div class="mini-map" role="img" aria-label="${escapeHtml(t(lang, 'siteMap'))}"></div>
    <section class="site"><h4>${t(lang, 'siteAndStructure')}</h4>${siteHtml(lang, d, p.structure)}</section>
    <section><h4>${t(lang, 'demand')}</h4>${demandHtml(lang, a)}</section>
    <section><h4>${t(lang, 'decision')}</h4>${decisionHtml(lang, a)}${newBuildHtml(lang, a)}</section>
    <section class="siting"><h4>${t(lang, 'sitingVerdict')}</h4>${sitingHtml(lang, a.siting)}</section>
    <details class="candidates-list"><summary>${t(lang, 'candidates')} (${a.candidates.length})</summary>${candidatesHtml(lang, a)}</details>
    ${justificationHtml(lang, user, d)}
    ${assignmentHtml(lang, user, p)}
    <section class="timeline"><h4>${t(lang, 'appTimeline')}</h4>${timelineHtml(lang, p.timeline)}</section>
    <section class="attachments"><h4>${t(lang, 'appAttachments')} (${p.attachments.length})</h4>${attachmentsHtml(lang, user, p)}</section>
    <section class="clock"><h4>${t(lang, 'reviewClock')}</h4><table class="candidates clock"><tbody>${d.clock.map((c) => `<tr><td>${escapeHtml(term(lang, c.state))}</td><td>${c.days} ${t(lang, 'days')}${c.limitDays !== null ? ` / ${c.limitDays}` : ''}${c.overdue ? ` <span class="badge reason">${t(lang, 'overdue')}</span>` : ''}</td></tr>`).join('')}</tbody></table></section>
    ${movesHtml(lang, user, d)}
    <p><a href="/report.html?analysis=${d.analysisId}&lang=${lang}" target="_blank">${t(lang, 'evidence')}</a></p>
  </div>`;
}

/** The latest comment made with a transition; prominent when the application came back to its applicant. */
function lastCommentHtml(lang: Lang, user: User | null, d: ApplicationDetail): string {
  const c = d.lastComment;
  if (!c) return '';
  const forApplicant = (d.state === 'returned' || d.state === 'rejected') && c.to === d.state;
  return `<div class="last-comment ${forApplicant ? 'prominent' : ''}" role="${forApplicant && isApplicant(user, d) ? 'alert' : 'note'}">
    <strong>${escapeHtml(t(lang, c.to === 'returned' ? 'returnedBecause' : c.to === 'rejected' ? 'rejectedBecause' : 'lastCommentTitle'))}</strong>
    <blockquote>${escapeHtml(c.comment)}</blockquote>
    <small class="muted">${escapeHtml(c.actorName ?? c.actor)} · ${escapeHtml(when(lang, c.at))}</small></div>`;
}

function siteHtml(lang: Lang, d: ApplicationDetail, s: ChosenStructure | null): string {
  if (d.kind === 'new_build') {
    const n = d.proposedStructure;
    const at = d.proposedSite?.coordinates;
    return `<table>${rows(lang, [
      ['location', at ? `${at[1]!.toFixed(5)}, ${at[0]!.toFixed(5)}` : null],
      ['proposedStructure', n ? `${term(lang, n.kind)}, ${n.heightM} ${t(lang, 'metres')}, ${n.slotsTotal} ${t(lang, 'slots')}` : null],
      ['tenantsDesignedFor', n?.tenantsDesignedFor],
    ])}</table>`;
  }
  if (!s) return `<p class="muted">#${d.structureId ?? '—'}</p>`;
  const tenants = s.tenants.length
    ? `<table class="tenancies"><thead><tr><th>${t(lang, 'operator')}</th><th>${t(lang, 'technology')}</th><th>${t(lang, 'band')}</th><th>${t(lang, 'antennaHeight')}</th></tr></thead><tbody>${s.tenants
        .map(
          (x) =>
            `<tr><td>${escapeHtml(term(lang, x.operatorId))}</td><td>${escapeHtml(x.technology)}</td><td>${x.bandMhz} MHz</td><td>${x.antennaHeightM} m</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${t(lang, 'noTenancies')}</p>`;
  return `<table class="structure" data-structure-id="${d.structureId}">${rows(lang, [
    ['structureName', `${s.name}${s.code ? ` (${s.code})` : ''}`],
    ['kind', term(lang, s.kind)],
    ['owner', term(lang, s.ownerId)],
    ['height', `${s.heightM} m`],
    ['freeSlots', `${s.slotsFree} / ${s.slotsTotal}`],
  ])}</table><h5>${t(lang, 'tenancies')} (${s.tenants.length})</h5>${tenants}`;
}

/** The siting rule engine's verdict on the chosen site, its conditions with their articles, and the EMF check. */
export function sitingHtml(lang: Lang, s: SitingResult | null): string {
  if (!s) return `<p class="muted">${t(lang, 'noSiting')}</p>`;
  const conditions = s.conditions.length
    ? `<ul class="site-conditions">${s.conditions
        .map(
          (c) =>
            `<li class="severity-${c.severity}" data-code="${escapeHtml(c.code)}"><span class="badge ${c.severity === 'forbidden' ? 'reason' : 'condition'}">${escapeHtml(term(lang, c.code))}</span> <small class="muted">${escapeHtml(c.regulation)}${c.article ? ` ${escapeHtml(c.article)}` : ''}</small></li>`,
        )
        .join('')}</ul>`
    : '';
  const e = s.emf;
  const emf = e
    ? `<table class="emf">${rows(lang, [
        ['emfSectors', `${e.sectors} (${t(lang, 'emfExisting')} ${e.existingSectors})`],
        ['emfComplianceDistance', `${Math.round(e.complianceDistanceM * 10) / 10} ${t(lang, 'metres')}`],
        ['emfSensitiveSite', e.sensitiveSite ? `${e.sensitiveSite.name} · ${Math.round(e.sensitiveSite.distanceM)} ${t(lang, 'metres')}` : '—'],
        ['emfPowerDensity', e.powerDensityWm2 === null ? null : `${e.powerDensityWm2.toPrecision(3)} W/m²`],
        ['emfLimitRatio', e.limitRatio === null ? null : `${Math.round(e.limitRatio * 1000) / 10}%`],
        ['emfRule', `${e.regulation}${e.article ? ` ${e.article}` : ''}`],
      ])}</table>`
    : '';
  return `<p><span class="badge verdict-${s.verdict}" data-verdict="${s.verdict}">${escapeHtml(term(lang, `verdict_${s.verdict}`))}</span></p>${conditions}${emf ? `<h5>${t(lang, 'emfTitle')}</h5>${emf}` : ''}`;
}

function justificationHtml(lang: Lang, user: User | null, d: ApplicationDetail): string {
  if (d.kind !== 'new_build' && !d.justification) return '';
  const editable = isApplicant(user, d) && (d.state === 'draft' || d.state === 'returned');
  return `<section><label class="justification"><h4>${t(lang, 'justification')}</h4><textarea name="justification" rows="3" ${editable ? '' : 'readonly'}>${escapeHtml(d.justification ?? '')}</textarea></label>
    ${editable ? `<p><button type="button" data-action="save">${t(lang, 'save')}</button></p>` : ''}</section>`;
}

function assignmentHtml(lang: Lang, user: User | null, p: ApplicationPage): string {
  const d = p.detail;
  const assigned = d.assigneeName ?? d.assignee;
  if (user?.role !== 'regulator' || FINAL_STATES.includes(d.state))
    return assigned ? `<p class="assignee">${t(lang, 'queueAssignee')}: ${escapeHtml(assigned)}</p>` : '';
  return `<p class="assignment"><label>${t(lang, 'queueAssignee')} <select name="assignee"><option value="">${t(lang, 'unassigned')}</option>${p.reviewers
    .map((r) => `<option value="${escapeHtml(r.username)}" ${r.username === d.assignee ? 'selected' : ''}>${escapeHtml(r.displayName)}</option>`)
    .join('')}</select></label> <button type="button" data-action="assign">${t(lang, 'assignTo')}</button></p>`;
}

export function timelineHtml(lang: Lang, events: TimelineEvent[]): string {
  if (!events.length) return `<p class="muted">—</p>`;
  const what = (e: TimelineEvent) => {
    if (e.action === 'transition') return `${term(lang, e.from ?? '')} → ${term(lang, e.to ?? '')}`;
    if (e.action === 'assigned') return `${t(lang, 'timelineAssigned')} ${e.detail ?? t(lang, 'unassigned')}`;
    if (e.action === 'attachment_added') return `${t(lang, 'timelineAttachment')} ${e.detail ?? ''}`;
    return term(lang, e.action);
  };
  return `<ol class="timeline">${events
    .map(
      (e) => `<li data-action="${e.action}" data-to="${e.to ?? ''}"><small class="muted">${escapeHtml(when(lang, e.at))}</small>
      <strong>${escapeHtml(e.actorName ?? e.actor)}</strong>${e.organisationId ? ` <small class="muted">${escapeHtml(term(lang, e.organisationId))}</small>` : ''}: ${escapeHtml(what(e))}
      ${e.comment ? `<blockquote>${escapeHtml(e.comment)}</blockquote>` : ''}</li>`,
    )
    .join('')}</ol>`;
}

function attachmentsHtml(lang: Lang, user: User | null, p: ApplicationPage): string {
  const d = p.detail;
  const list = p.attachments.length
    ? `<table class="candidates attachment-list"><thead><tr><th>${t(lang, 'attachmentKind')}</th><th>${t(lang, 'attachFileName')}</th><th>${t(lang, 'attachFileSize')}</th><th>SHA-256</th><th>${t(lang, 'uploadedBy')}</th></tr></thead><tbody>${p.attachments
        .map(
          (x) => `<tr class="attachment" data-id="${x.id}"><td>${escapeHtml(term(lang, `attachment_${x.kind}`))}</td>
        <td><a href="/api/v1/applications/${d.id}/attachments/${x.id}" download="${escapeHtml(x.filename)}">${escapeHtml(x.filename)}</a></td>
        <td>${escapeHtml(fileSize(x.sizeBytes))}</td><td><code title="${escapeHtml(x.sha256)}">${escapeHtml(shortSha(x.sha256))}…</code></td>
        <td>${escapeHtml(x.uploadedByName ?? x.uploadedBy)}<br><small class="muted">${escapeHtml(when(lang, x.uploadedAt))}</small></td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p class="muted">${t(lang, 'noAttachments')}</p>`;
  const mayUpload = isApplicant(user, d) && !FINAL_STATES.includes(d.state);
  return `${list}${
    mayUpload
      ? `<form class="upload" novalidate><label>${t(lang, 'attachmentKind')} <select name="kind">${ATTACHMENT_KINDS.map((k) => `<option value="${k}">${escapeHtml(term(lang, `attachment_${k}`))}</option>`).join('')}</select></label>
      <label class="file-pick"><span>${t(lang, 'chooseFileButton')}</span><input type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,.dwg,.dxf,application/pdf,image/png,image/jpeg"></label><span class="file-chosen muted">${t(lang, 'noFileChosen')}</span>
      <button type="submit">${t(lang, 'attachUpload')}</button><small class="muted"> ${t(lang, 'uploadHint')}</small></form>`
      : ''
  }`;
}

function movesHtml(lang: Lang, user: User | null, d: ApplicationDetail): string {
  const moves = movesFor(user, d);
  if (!moves.length) return '<ul class="errors"></ul>';
  const needs = moves.some((m) => COMMENT_REQUIRED.includes(m));
  return `<section class="moves"><label>${t(lang, 'comment')}${needs ? ` <small class="muted">${t(lang, 'commentRequiredHint')}</small>` : ''}<textarea name="comment" rows="2"></textarea></label>
    <p class="buttons moves">${moves.map((m) => `<button type="button" data-to="${m}" class="${m === 'rejected' || m === 'withdrawn' ? 'danger' : m === 'approved' ? 'primary' : ''}">${escapeHtml(term(lang, `move_${m}`))}</button>`).join(' ')}</p>
    <ul class="errors"></ul></section>`;
}
