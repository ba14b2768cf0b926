import { IMPORT_CRS, MAPPING_UNITS, type ImportDryRun, type ImportField } from '@cosite/contracts';
import { type Lang, t, term } from '../i18n';
import { escapeHtml } from './format';
import type { UploadsTool } from '../uploads/uploads';
import { fieldText, problemText } from '../uploads/uploads';
import { missingRequired } from '../uploads/mapping';

/** A field's name in the UI's words; the contract's name where the catalogue has none (it is shown beside it anyway). */
const fieldLabel = (lang: Lang, name: string): string => {
  const text = fieldText(lang, `properties.${name}`);
  return text.startsWith('properties.') ? name : text;
};

/** The Import panel's mapping parts: the coordinate system, the file's sheets and columns, the mapping editor, the dry run. */

const option = (value: string, label: string, selected: boolean) =>
  `<option value="${escapeHtml(value)}" ${selected ? 'selected' : ''}>${escapeHtml(label)}</option>`;

const DATUM_GROUPS = ['web', 'cgcs2000', 'xian80', 'beijing54'] as const;

/** Every system Cosite converts, grouped: web maps, CGCS2000, Xian 1980, Beijing 1954 (their zones by EPSG code). */
export function crsSelectHtml(lang: Lang, selected: string): string {
  const groupOf = (datum: string) => (datum === 'wgs84' || datum === 'gcj02' || datum === 'bd09' ? 'web' : datum);
  return `<select name="crs">${DATUM_GROUPS.map((g) => {
    const systems = IMPORT_CRS.filter((c) => groupOf(c.datum) === g && c.code !== 'EPSG:4326');
    return `<optgroup label="${escapeHtml(term(lang, `upCrsGroup.${g}`))}">${systems
      .map((c) => option(c.code, c.code.startsWith('EPSG:') ? `${c.code} · ${c.name}` : term(lang, `upCrs.${c.code}`), c.code === selected))
      .join('')}</optgroup>`;
  }).join('')}</select>`;
}

/** The chosen file as the API read it: its sheets (xlsx) and columns. */
export function inspectionHtml(lang: Lang, u: UploadsTool): string {
  const i = u.inspection;
  if (!i) return u.busy === 'inspect' ? `<p class="muted pin">${t(lang, 'upReading')}</p>` : '';
  const sheets =
    i.sheets.length > 1
      ? `<label class="pin">${t(lang, 'upSheet')}<select name="sheet">${i.sheets
          .map((s) => option(s.name, `${s.name} (${s.rows} ${t(lang, 'upLines')})`, s.name === (u.sheet || i.sheet)))
          .join('')}</select></label>`
      : '';
  const header = i.headerRow && i.headerRow > 1 ? ` · ${t(lang, 'upHeaderRow').replace('{0}', String(i.headerRow))}` : '';
  return `${sheets}<p class="muted pin up-detected">${t(lang, 'upDetected')
    .replace('{0}', String(i.columns.length))
    .replace('{1}', String(i.rows))}${header}</p>`;
}

/** The mapping choice (none, a preset, a saved profile, or one built here) and, when built here, its editor. */
export function mappingHtml(lang: Lang, u: UploadsTool, fields: ImportField[]): string {
  const presets = u.profiles.filter((p) => p.preset);
  const saved = u.profiles.filter((p) => !p.preset);
  const choice = `<label class="pin">${t(lang, 'upMapping')}<select name="profile">
      ${option('', t(lang, 'upMappingNone'), u.profile === '')}
      ${presets.length ? `<optgroup label="${escapeHtml(t(lang, 'upPresets'))}">${presets.map((p) => option(p.id, p.name, p.id === u.profile)).join('')}</optgroup>` : ''}
      ${saved.length ? `<optgroup label="${escapeHtml(t(lang, 'upSavedProfiles'))}">${saved.map((p) => option(p.id, p.name, p.id === u.profile)).join('')}</optgroup>` : ''}
      ${option('custom', t(lang, 'upMappingCustom'), u.profile === 'custom')}
    </select></label>`;
  const chosen = u.profiles.find((p) => p.id === u.profile);
  const about = chosen?.description ? `<p class="muted pin">${escapeHtml(chosen.description)}</p>` : '';
  if (u.profile !== 'custom' || !u.draft) return choice + about;
  const columns = u.inspection?.columns ?? [];
  const colSelect = (name: string, selected: string | undefined) =>
    `<select name="${name}">${option('', '—', !selected)}${columns.map((c) => option(c.name, c.name, c.name === selected)).join('')}</select>`;
  const row = (f: ImportField) => {
    const d = u.draft!.fields[f.name] ?? {};
    const samples = d.from ? (columns.find((c) => c.name === d.from)?.samples ?? []) : [];
    const unit =
      f.kind === 'number'
        ? `<select name="map-unit:${f.name}">${Object.keys(MAPPING_UNITS)
            .map((k) => option(k, k, (d.unit ?? (f.name.endsWith('Kg') ? 'kg' : 'm')) === k))
            .join('')}</select>`
        : '';
    const values =
      f.kind === 'enum' && samples.length
        ? `<div class="map-values">${samples
            .map(
              (s) =>
                `<label>${escapeHtml(s)} → <select name="map-val:${f.name}:${encodeURIComponent(s)}">${option('', t(lang, 'upKeepValue'), !d.values?.[s])}${(
                  f.values ?? []
                )
                  .map((v) => option(v, term(lang, v), d.values?.[s] === v))
                  .join('')}</select></label>`,
            )
            .join('')}</div>`
        : '';
    const constant =
      f.kind === 'enum'
        ? `<select name="map-const:${f.name}">${option('', '—', !d.constant)}${(f.values ?? []).map((v) => option(v, term(lang, v), d.constant === v)).join('')}</select>`
        : `<input name="map-const:${f.name}" value="${escapeHtml(d.constant ?? '')}" size="8">`;
    return `<tr data-field="${f.name}"><th>${escapeHtml(fieldLabel(lang, f.name))}${f.required ? ' <span class="req" title="' + escapeHtml(t(lang, 'upRequiredField')) + '">*</span>' : ''}<div class="muted">${f.name}</div></th>
        <td>${colSelect(`map-from:${f.name}`, d.from)}${unit}${values}</td><td>${constant}</td></tr>`;
  };
  // the required fields and those already mapped first; the rest folded, so the editor fits beside the map
  const used = (f: ImportField) => f.required || !!u.draft!.fields[f.name]?.from || !!u.draft!.fields[f.name]?.constant;
  const rows = fields.filter(used).map(row).join('');
  const rest = fields.filter((f) => !used(f));
  const geometry =
    u.inspection && !u.inspection.hasGeometry
      ? `<tr class="map-geometry"><th>${t(lang, 'upGeometryX')}</th><td colspan="2">${colSelect('map-x', u.draft.x)}</td></tr>
         <tr class="map-geometry"><th>${t(lang, 'upGeometryY')}</th><td colspan="2">${colSelect('map-y', u.draft.y)}</td></tr>`
      : '';
  const missing = missingRequired(u.draft, fields);
  return `${choice}
    <table class="candidates map-editor pin"><thead><tr><th>${t(lang, 'upCositeField')}</th><th>${t(lang, 'upSourceColumn')}</th><th>${t(lang, 'upConstant')}</th></tr></thead>
      <tbody>${geometry}${rows}</tbody></table>
    ${
      rest.length
        ? `<details class="pin map-more"><summary>${t(lang, 'upMoreFields').replace('{0}', String(rest.length))}</summary><table class="candidates map-editor"><tbody>${rest.map(row).join('')}</tbody></table></details>`
        : ''
    }
    ${missing.length ? `<p class="warn pin map-missing">${t(lang, 'upMissingRequired')}: ${missing.map((m) => escapeHtml(fieldLabel(lang, m))).join(', ')}</p>` : ''}
    <div class="pin map-save"><input name="profile-name" placeholder="${escapeHtml(t(lang, 'upProfileName'))}" maxlength="100">
      <button type="button" data-action="save-profile" ${u.busy === 'profile' ? 'disabled aria-busy="true"' : ''}>${t(lang, 'upSaveProfile')}</button>
      ${u.profileNote ? `<span class="muted map-note">${escapeHtml(u.profileNote)}</span>` : ''}</div>`;
}

/** A dry run: what would load, what would be refused and why, the first rows as mapped. */
export function dryRunHtml(lang: Lang, d: ImportDryRun, fields: ImportField[]): string {
  const shown = fields.filter((f) => d.preview.some((r) => r.properties[f.name] !== undefined)).slice(0, 6);
  const rows = d.preview
    .map(
      (r) =>
        `<tr class="${r.problems.length ? 'rejected' : ''}" data-line="${r.line}"><td class="num">${r.line}</td>${shown
          .map((f) => `<td>${escapeHtml(f.kind === 'enum' ? term(lang, r.properties[f.name]) : String(r.properties[f.name] ?? ''))}</td>`)
          .join(
            '',
          )}<td>${r.problems.map((p) => `<div>${escapeHtml(fieldText(lang, p.field))}: ${escapeHtml(problemText(lang, p.problem))}</div>`).join('')}</td></tr>`,
    )
    .join('');
  return `<div class="up-dry-run" data-valid="${d.rowsValid}" data-rejected="${d.rowsRejected}">
    <h3>${t(lang, 'upPreviewTitle')}</h3>
    <p><strong class="dry-valid">${d.rowsValid}</strong> ${t(lang, 'upWouldLoad')} · <strong class="dry-rejected">${d.rowsRejected}</strong> ${t(lang, 'upWouldReject')}${
      d.rowsFiltered ? ` · ${d.rowsFiltered} ${t(lang, 'upFiltered')}` : ''
    } · ${t(lang, 'upTotalRows')} ${d.rowsTotal}</p>
    ${d.warnings.map((w) => `<p class="warn">${escapeHtml(w)}</p>`).join('')}
    <div class="table-scroll"><table class="candidates dry-preview"><thead><tr><th>${t(lang, 'upLine')}</th>${shown
      .map((f) => `<th>${escapeHtml(fieldLabel(lang, f.name))}</th>`)
      .join('')}<th>${t(lang, 'upProblem')}</th></tr></thead><tbody>${rows}</tbody></table></div></div>`;
}
