import type { Map as MapLibreMap } from 'maplibre-gl';
import { IMPORT_SOURCE_FORMATS, importFields, type DemandBatchReject, type ImportDryRun, type ImportLayer, type MappingUnit } from '@cosite/contracts';
import type { Store } from '../state';
import { type Lang, t, term } from '../i18n';
import { api, failureProblems, failureText } from '../api/client';
import { signedInUser } from '../auth';
import { escapeHtml } from './format';
import {
  batchBounds,
  batchContentType,
  batchOver,
  batchProgress,
  CONTENT_TYPES,
  fieldText,
  formatOfFile,
  importLayersFor,
  importOver,
  importSummary,
  mayUploadDemands,
  problemText,
  resultsUrl,
  sortedRejects,
  uploadsFeatures,
  type UploadsTool,
} from '../uploads/uploads';
import { draftToMapping, guessDraft, mappingToDraft, rejectsCsv } from '../uploads/mapping';
import { exportMenu } from './export-menu';
import { crsSelectHtml, dryRunHtml, inspectionHtml, mappingHtml } from './import-mapping';

/** The most rejects listed in the panel (a batch may hold thousands; the rest are counted). */
const REJECTS_SHOWN = 300;
const POLL_MS = 500;

/** A refusal of a whole upload in the UI's words: by its status where that says it all, else the API's field problems. */
function refusalText(lang: Lang, error: unknown, response: Response): string {
  if (response.status === 403) return t(lang, 'upForbidden');
  if (response.status === 413) return t(lang, 'upTooLarge');
  if (response.status === 400)
    return failureProblems(error, response)
      .map((p) => `${fieldText(lang, p.field)}: ${problemText(lang, p.problem)}`)
      .join('; ');
  return failureText(error, response);
}

const statusText = (lang: Lang, status: string) => term(lang, `upStatus.${status}`);

function rejectsHtml(lang: Lang, rejects: (Pick<DemandBatchReject, 'field' | 'problem'> & { line?: number })[]): string {
  if (!rejects.length) return `<p class="muted up-no-rejects">${t(lang, 'upNoRejects')}</p>`;
  const all = sortedRejects(rejects);
  const shown = all.slice(0, REJECTS_SHOWN);
  const rows = shown
    .map(
      (r) =>
        `<tr data-line="${r.line ?? ''}"><td class="num">${r.line ?? '—'}</td><td>${escapeHtml(fieldText(lang, r.field))}</td><td title="${escapeHtml(r.problem)}">${escapeHtml(problemText(lang, r.problem))}</td></tr>`,
    )
    .join('');
  const more = all.length > shown.length ? `<p class="muted">${t(lang, 'upMoreRejects').replace('{0}', String(all.length - shown.length))}</p>` : '';
  return `<table class="candidates up-rejects"><thead><tr><th>${t(lang, 'upLine')}</th><th>${t(lang, 'upField')}</th><th>${t(lang, 'upProblem')}</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** A file chooser that also takes a dropped file: the input, the file's name once chosen. */
const dropZone = (lang: Lang, name: string, accept: string, chosen: string | null) =>
  `<div class="up-drop" data-drop="${name}"><label class="up-choose"><input type="file" name="${name}" accept="${accept}"><span class="up-button">${t(lang, 'upChooseFile')}</span></label>
    <span class="muted">${t(lang, 'upDropHere')}</span>${chosen ? `<div class="up-chosen">${t(lang, 'upChosen')}: <strong>${escapeHtml(chosen)}</strong></div>` : ''}</div>`;

/**
 * Uploads: a planner's demand batch (progress, rejected lines with their reasons, the results to download, the
 * decisions and co-build groups on the map) and the zoning or inventory import of the layers the user's role may
 * load (format, coordinate system, progress, rejects and the summary).
 */
export function attachUploadsPanel(el: HTMLElement, map: MapLibreMap, store: Store): void {
  const tool = () => store.get().uploads;
  const setTool = (change: Partial<UploadsTool>) => {
    const now = tool();
    if (now) store.update({ uploads: { ...now, ...change } });
  };
  /** The layer the import form shows: the one chosen, else the first the role may import. */
  const currentLayer = (): ImportLayer => (tool()?.layer ?? importLayersFor(signedInUser()?.role)[0]) as ImportLayer;
  // the chosen files (kept here: a file input loses its file each time the panel is drawn again)
  const files: { batch: File | null; import: File | null } = { batch: null, import: null };

  const demandsHtml = (lang: Lang, u: UploadsTool) => {
    const b = u.batch;
    let status = '';
    if (b) {
      const p = batchProgress(b);
      const decisions = Object.entries(b.decisions)
        .map(([d, n]) => `<span class="badge decision-${d}">${escapeHtml(term(lang, d))} ${n}</span>`)
        .join(' ');
      const fc = u.results ? uploadsFeatures(u) : null;
      const groups = fc ? fc.features.filter((f) => f.properties?.role === 'co_build') : [];
      status = `<div class="up-status" data-status="${b.status}">
        <p>${t(lang, 'upProgress')}: <strong class="up-state">${escapeHtml(statusText(lang, b.status))}</strong></p>
        <progress class="up-progress" max="${Math.max(1, p.total)}" value="${p.done}"></progress>
        <p class="up-count"><strong>${p.done} / ${p.total}</strong> ${t(lang, 'upLines')} (${Math.round(p.percent)}%) · ${t(lang, 'upLinesRead')} ${b.total} · ${t(lang, 'upLinesValid')} ${b.valid}</p>
        ${decisions ? `<p class="up-decisions">${decisions}</p>` : ''}
        ${b.status === 'failed' ? `<p class="errors" role="alert">${t(lang, 'upBatchFailed')}: ${escapeHtml(b.error ?? '')}</p>` : ''}
        <h3>${t(lang, 'upRejected')} (${sortedRejects(b.rejects).length})</h3>${rejectsHtml(lang, b.rejects)}
        ${
          b.status === 'completed'
            ? `<h3>${t(lang, 'upResults')}</h3><div class="up-results">${exportMenu(lang, (f) => resultsUrl(b.id, f))}</div>
              <h3>${t(lang, 'upCoBuildGroups')} (${groups.length})</h3>
              ${
                groups.length
                  ? `<ul class="up-groups">${groups
                      .map((g) => {
                        const ops = String(g.properties?.operators ?? '')
                          .split(' ')
                          .filter(Boolean)
                          .map((o) => term(lang, o))
                          .join(' + ');
                        return `<li><a href="#" data-group="${escapeHtml(g.properties?.group)}">${escapeHtml(ops)}</a> · ${t(lang, 'upLinesInBatch').replace('{0}', String(g.properties?.members))}</li>`;
                      })
                      .join('')}</ul>`
                  : `<p class="muted">${t(lang, 'upCoBuildGroupsNone')}</p>`
              }
              <p class="up-legend"><span class="up-dot demand"></span> ${t(lang, 'upLegendDemand')} · <span class="up-dot co-build"></span> ${t(lang, 'upLegendCoBuild')}</p>
              <p><button type="button" data-action="fit">${t(lang, 'upShowOnMap')}</button></p>`
            : ''
        }
      </div>`;
    }
    return `<section class="up-demands"><h3>${t(lang, 'upDemandsTitle')}</h3>
      <p class="muted">${t(lang, 'upDemandsHint')}</p>
      <form class="demand-form up-form" data-form="batch" novalidate>
        <div class="pin">${dropZone(lang, 'batch-file', '.csv,.geojson,.json,text/csv,application/geo+json', u.batchFile)}</div>
        <p class="muted pin">${t(lang, 'upDemandsColumns')}</p>
        ${u.batchError ? `<p class="errors pin" role="alert">${escapeHtml(u.batchError)}</p>` : ''}
        <button type="submit" class="primary" ${u.busy === 'batch' || (b && !batchOver(b)) ? 'disabled aria-busy="true"' : ''}>${u.busy === 'batch' ? t(lang, 'upSending') : t(lang, 'upSend')}</button>
      </form>${status}</section>`;
  };

  const importHtml = (lang: Lang, u: UploadsTool, layers: ImportLayer[]) => {
    const v = u.imported;
    let status = '';
    if (v) {
      const s = importSummary(v);
      status = `<div class="up-status" data-status="${v.status}">
        <p>${t(lang, 'upProgress')}: <strong class="up-state">${escapeHtml(statusText(lang, v.status))}</strong></p>
        ${importOver(v) ? '' : '<progress class="up-progress"></progress>'}
        ${v.status === 'failed' ? `<p class="errors" role="alert">${t(lang, 'upImportFailed')}: ${escapeHtml(problemText(lang, v.error ?? ''))}</p>` : ''}
        ${
          v.status === 'completed'
            ? `<table class="candidates up-summary"><tbody>
                <tr><th>${t(lang, 'upLoaded')}</th><td class="num up-loaded">${s.loaded}</td></tr>
                <tr><th>${t(lang, 'upAlready')}</th><td class="num up-already">${s.already}</td></tr>
                <tr><th>${t(lang, 'upRejected')}</th><td class="num up-rejected">${s.rejected}</td></tr>
                <tr><th>${t(lang, 'upTotalRows')}</th><td class="num">${s.total}</td></tr></tbody></table>
              ${v.rowsFiltered ? `<p class="muted">${v.rowsFiltered} ${t(lang, 'upFiltered')}</p>` : ''}
              ${v.warnings.map((w) => `<p class="warn">${escapeHtml(w)}</p>`).join('')}
              ${v.repaired.length ? `<p>${t(lang, 'upRepaired')}: ${v.repaired.map((r) => `${t(lang, 'upLine')} ${r.line}`).join(', ')}</p>` : ''}
              <h3>${t(lang, 'upRejected')}</h3>${rejectsHtml(lang, v.rejects)}
              ${v.rejects.length ? `<p><a href="#" data-action="rejects-csv" class="up-rejects-csv">${t(lang, 'upDownloadRejects')}</a></p>` : ''}`
            : ''
        }</div>`;
    }
    const option = (value: string, label: string, selected: boolean) => `<option value="${value}" ${selected ? 'selected' : ''}>${escapeHtml(label)}</option>`;
    return `<section class="up-import"><h3>${t(lang, 'upImportTitle')}</h3>
      <p class="muted">${t(lang, 'upImportHint')}</p>
      <form class="demand-form up-form" data-form="import" novalidate>
        <label>${t(lang, 'upLayer')}<select name="layer">${layers.map((l) => option(l, term(lang, `upLayer.${l}`), l === u.layer)).join('')}</select></label>
        <label>${t(lang, 'upFormat')}<select name="format">${option('', t(lang, 'upFormatAuto'), u.format === '')}${IMPORT_SOURCE_FORMATS.map((f) => option(f, term(lang, `upFormat.${f}`), f === u.format)).join('')}</select></label>
        <label class="pin">${t(lang, 'upCrs')}${crsSelectHtml(lang, u.crs)}</label>
        <p class="muted pin">${t(lang, 'upCrsHint')}</p>
        <label class="check"><input type="checkbox" name="repair" ${u.repair ? 'checked' : ''}> ${t(lang, 'upRepair')}</label>
        <div class="pin">${dropZone(lang, 'import-file', '.geojson,.json,.csv,.kml,.zip,.xlsx', u.importFile)}</div>
        ${inspectionHtml(lang, u)}
        ${mappingHtml(lang, u, importFields(u.layer!))}
        ${u.importError ? `<p class="errors pin" role="alert">${escapeHtml(u.importError)}</p>` : ''}
        <div class="pin up-actions"><button type="button" data-action="preview" ${u.busy === 'preview' ? 'disabled aria-busy="true"' : ''}>${t(lang, 'upPreview')}</button>
        <button type="submit" class="primary" ${u.busy === 'import' || (v && !importOver(v)) ? 'disabled aria-busy="true"' : ''}>${u.busy === 'import' ? t(lang, 'upSending') : t(lang, 'upImport')}</button></div>
      </form>${u.dryRun && !v ? dryRunHtml(lang, u.dryRun, importFields(u.layer!)) : ''}${status}</section>`;
  };

  const render = () => {
    const { lang } = store.get();
    const u = tool();
    el.hidden = !u;
    if (!u) return;
    const role = signedInUser()?.role;
    const layers = importLayersFor(role);
    const demands = mayUploadDemands(role);
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'uploads')}</h2>
      ${demands ? demandsHtml(lang, u) : ''}
      ${layers.length ? importHtml(lang, { ...u, layer: u.layer ?? layers[0] }, layers) : ''}
      ${!demands && !layers.length ? `<p class="muted">${t(lang, 'upNotAllowed')}</p>` : ''}`;
  };

  /** Fits the map to the batch, or to one co-build group and its demands. */
  const fit = (group?: string) => {
    const fc = uploadsFeatures(tool());
    const b = batchBounds(group ? { ...fc, features: fc.features.filter((f) => f.properties?.group === group) } : fc);
    if (b) map.fitBounds(b, { padding: 80, maxZoom: 15, duration: 0 });
  };

  const pollBatch = async (id: string) => {
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (tool()?.batch?.id !== id) return; // closed, or another batch since
      const { data, error, response } = await api.GET('/api/v1/colocation/batches/{id}', { params: { path: { id } } });
      if (tool()?.batch?.id !== id) return;
      if (!data) return setTool({ batchError: refusalText(store.get().lang, error, response) });
      if (data.status !== 'completed') {
        setTool({ batch: data });
        if (data.status === 'failed') return;
        continue;
      }
      const res = await api.GET('/api/v1/colocation/batches/{id}/results', { params: { path: { id }, query: { format: 'geojson' } } });
      if (tool()?.batch?.id !== id) return;
      setTool({ batch: data, results: res.data ?? null, batchError: res.data ? null : refusalText(store.get().lang, res.error, res.response) });
      fit();
      return;
    }
  };

  const pollImport = async (id: string) => {
    for (;;) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (tool()?.imported?.id !== id) return;
      const { data, error, response } = await api.GET('/api/v1/imports/{id}', { params: { path: { id } } });
      if (tool()?.imported?.id !== id) return;
      if (!data) return setTool({ importError: refusalText(store.get().lang, error, response) });
      setTool({ imported: data });
      if (importOver(data)) {
        // the new rows show on the map's tiles once reloaded
        if (data.status === 'completed' && (data.rowsLoaded ?? 0) > 0) reloadTiles();
        return;
      }
    }
  };

  const reloadTiles = () => {
    for (const id of Object.keys(map.getStyle().sources)) {
      const s = map.getSource(id) as { type?: string; reload?: () => void } | undefined;
      if (s?.type === 'vector') s.reload?.();
    }
  };

  const sendBatch = async () => {
    const { lang } = store.get();
    const file = files.batch;
    if (!file) return setTool({ batchError: t(lang, 'upNoFile') });
    setTool({ busy: 'batch', batchError: null, batch: null, results: null });
    const { data, error, response } = await api.POST('/api/v1/colocation/batches', {
      // the file as it is: its text is the body, CSV or GeoJSON by its name
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': batchContentType(file.name) },
    });
    if (!data) return setTool({ busy: null, batchError: refusalText(lang, error, response) });
    setTool({ busy: null, batch: data });
    void pollBatch(data.id);
  };

  /** Sends the import, or (dryRun) its preview: the first rows as mapped and every row's errors, nothing written. */
  const sendImport = async (dryRun: boolean) => {
    const { lang } = store.get();
    const u = tool();
    const file = files.import;
    if (!u) return;
    if (!file) return setTool({ importError: t(lang, 'upNoFile') });
    const layer = currentLayer();
    if (!layer) return;
    setTool({ busy: dryRun ? 'preview' : 'import', importError: null, dryRun: null, imported: null });
    const { data, error, response } = await postImport(file, layer, dryRun);
    if (!data) return setTool({ busy: null, importError: refusalText(lang, error, response) });
    if (dryRun) return setTool({ busy: null, dryRun: data as ImportDryRun });
    const batch = data as Exclude<typeof data, ImportDryRun>;
    setTool({ busy: null, imported: batch });
    void pollImport(batch.id);
  };

  /** The import's request: the file as its body, the layer, format, system, sheet and mapping (a profile, or the one built here). */
  const postImport = (file: File, layer: ImportLayer, dryRun: boolean) => {
    const u = tool()!;
    const format = u.format || formatOfFile(file.name);
    const mapping = u.profile === 'custom' && u.draft ? JSON.stringify(draftToMapping(u.draft, importFields(layer))) : undefined;
    const profile = u.profile && u.profile !== 'custom' ? u.profile : undefined;
    return api.POST('/api/v1/imports', {
      params: {
        query: {
          layer,
          format,
          crs: u.crs,
          repair: u.repair ? 'true' : 'false',
          dryRun: dryRun ? 'true' : 'false',
          ...(u.sheet ? { sheet: u.sheet } : {}),
          ...(mapping ? { mapping } : {}),
          ...(profile ? { profile } : {}),
        },
      },
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': CONTENT_TYPES[format] },
    });
  };

  /** What the chosen file holds, for the sheet choice and the mapping editor's columns. */
  const inspect = async (file: File) => {
    const u = tool();
    if (!u) return;
    const format = u.format || formatOfFile(file.name);
    setTool({ busy: 'inspect', inspection: null, sheet: '', dryRun: null });
    const { data, error, response } = await api.POST('/api/v1/imports/inspect', {
      params: { query: { format } },
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': CONTENT_TYPES[format] },
    });
    if (files.import !== file) return;
    if (!data) return setTool({ busy: null, importError: refusalText(store.get().lang, error, response) });
    const layer = currentLayer();
    const now = tool();
    setTool({
      busy: null,
      inspection: data,
      sheet: data.sheet ?? '',
      // a mapping being built starts from the file's own column names
      draft: now?.profile === 'custom' || !now?.draft ? guessDraft(data, importFields(layer)) : now.draft,
    });
  };

  /** Another sheet's columns. */
  const inspectSheet = async (file: File, sheet: string) => {
    const { data } = await api.POST('/api/v1/imports/inspect', {
      params: { query: { format: 'xlsx', sheet } },
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': CONTENT_TYPES.xlsx },
    });
    if (data && files.import === file) setTool({ inspection: data, draft: guessDraft(data, importFields(tool()?.layer ?? 'structures')) });
  };

  /** The presets and the organisation's saved profiles for the layer. */
  const loadProfiles = async (layer: ImportLayer) => {
    const { data } = await api.GET('/api/v1/imports/profiles', { params: { query: { layer } } });
    if (data && currentLayer() === layer) setTool({ profiles: data.profiles });
  };

  const saveProfile = async (name: string) => {
    const { lang } = store.get();
    const u = tool();
    if (!u?.draft) return;
    const layer = currentLayer();
    if (!name.trim()) return setTool({ profileNote: t(lang, 'upProfileNameNeeded') });
    setTool({ busy: 'profile', profileNote: null });
    const { data, error, response } = await api.POST('/api/v1/imports/profiles', {
      body: { name: name.trim(), layer, crs: u.crs, mapping: draftToMapping(u.draft, importFields(layer)) },
    });
    if (!data) return setTool({ busy: null, profileNote: refusalText(lang, error, response) });
    setTool({ busy: null, profileNote: t(lang, 'upProfileSaved').replace('{0}', data.name) });
    await loadProfiles(layer);
  };

  const downloadRejects = () => {
    const v = tool()?.imported;
    if (!v) return;
    const url = URL.createObjectURL(new Blob([rejectsCsv(sortedRejects(v.rejects))], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `import-${v.id}-rejects.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  /** A change in the mapping editor: a field's column, constant, unit or one value's meaning. */
  const editDraft = (name: string, value: string) => {
    const u = tool();
    if (!u?.draft) return;
    const draft = { ...u.draft, fields: { ...u.draft.fields } };
    if (name === 'map-x') draft.x = value || undefined;
    else if (name === 'map-y') draft.y = value || undefined;
    else {
      const [what, field, raw] = name.split(':');
      const f = { ...(draft.fields[field] ?? {}) };
      if (what === 'map-from') f.from = value || undefined;
      if (what === 'map-const') f.constant = value || undefined;
      if (what === 'map-unit') f.unit = value as MappingUnit;
      if (what === 'map-val') f.values = { ...(f.values ?? {}), [decodeURIComponent(raw)]: value };
      draft.fields[field] = f;
    }
    setTool({ draft, dryRun: null });
  };

  const chooseProfile = (profile: string) => {
    const u = tool();
    if (!u) return;
    const layer = currentLayer();
    let draft = u.draft;
    if (profile === 'custom') {
      // building from a preset or a saved profile starts from it; else from the file's column names
      const from = u.profiles.find((p) => p.id === u.profile);
      draft = from ? mappingToDraft(from.mapping) : u.inspection ? guessDraft(u.inspection, importFields(layer)) : { fields: {} };
    }
    const chosen = u.profiles.find((p) => p.id === profile);
    setTool({ profile, draft, dryRun: null, profileNote: null, ...(chosen?.crs ? { crs: chosen.crs } : {}) });
  };

  const choose = (which: 'batch' | 'import', file: File | undefined) => {
    if (!file) return;
    files[which] = file;
    if (which === 'batch') setTool({ batchFile: file.name, batchError: null });
    else {
      setTool({ importFile: file.name, importError: null, imported: null });
      void inspect(file);
    }
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = (e.target as HTMLElement).closest<HTMLFormElement>('form');
    if (form?.dataset.form === 'batch') void sendBatch();
    if (form?.dataset.form === 'import') void sendImport(false);
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'batch-file') choose('batch', target.files?.[0]);
    else if (target.name === 'import-file') choose('import', target.files?.[0]);
    else if (target.name === 'layer') {
      const layer = target.value as ImportLayer;
      const u = tool();
      setTool({ layer, profile: '', profiles: [], dryRun: null, draft: u?.inspection ? guessDraft(u.inspection, importFields(layer)) : null });
      void loadProfiles(layer);
    } else if (target.name === 'profile') chooseProfile(target.value);
    else if (target.name === 'sheet') {
      setTool({ sheet: target.value, dryRun: null });
      if (files.import) void inspectSheet(files.import, target.value);
    } else if (target.name.startsWith('map-')) editDraft(target.name, target.value);
    else if (target.name === 'format') setTool({ format: target.value as UploadsTool['format'] });
    else if (target.name === 'crs') setTool({ crs: target.value as UploadsTool['crs'] });
    else if (target.name === 'repair') setTool({ repair: target.checked });
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ uploads: null });
    else if (target.dataset.action === 'fit') fit();
    else if (target.dataset.action === 'preview') void sendImport(true);
    else if (target.dataset.action === 'save-profile') void saveProfile(el.querySelector<HTMLInputElement>('input[name="profile-name"]')?.value ?? '');
    else if (target.dataset.action === 'rejects-csv') {
      e.preventDefault();
      downloadRejects();
    } else if (target.dataset.group) {
      e.preventDefault();
      fit(target.dataset.group);
    }
  });
  // drag and drop onto a chooser
  el.addEventListener('dragover', (e) => {
    const zone = (e.target as HTMLElement).closest<HTMLElement>('.up-drop');
    if (!zone) return;
    e.preventDefault();
    zone.classList.add('over');
  });
  el.addEventListener('dragleave', (e) => (e.target as HTMLElement).closest<HTMLElement>('.up-drop')?.classList.remove('over'));
  el.addEventListener('drop', (e) => {
    const zone = (e.target as HTMLElement).closest<HTMLElement>('.up-drop');
    if (!zone) return;
    e.preventDefault();
    zone.classList.remove('over');
    choose(zone.dataset.drop === 'batch-file' ? 'batch' : 'import', e.dataTransfer?.files[0]);
  });
  // closing the panel to look at the map keeps the last batch and import: opened again, it shows them (and follows them on)
  let kept: UploadsTool | null = null;
  store.subscribe((s, prev) => {
    if (!s.uploads && prev.uploads) kept = { ...prev.uploads, busy: null };
    if (s.uploads && !prev.uploads && kept) {
      const again = kept;
      kept = null;
      // after this change has reached every listener, not in the middle of it
      queueMicrotask(() => {
        if (!tool()) return;
        store.update({ uploads: again });
        if (again.batch && (!batchOver(again.batch) || (again.batch.status === 'completed' && !again.results))) void pollBatch(again.batch.id);
        if (again.imported && !importOver(again.imported)) void pollImport(again.imported.id);
      });
    }
    // the mapping profiles of the layer shown, once the panel opens
    if (s.uploads && !prev.uploads && !s.uploads.profiles.length) {
      const layer = currentLayer();
      if (layer) void loadProfiles(layer);
    }
    if (s.uploads !== prev.uploads || s.lang !== prev.lang) {
      render();
      if (!!s.uploads !== !!prev.uploads) map.resize();
    }
  });
  render();
}
