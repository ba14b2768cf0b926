import type { Map as MapLibreMap } from 'maplibre-gl';
import { CRS_CODES, IMPORT_SOURCE_FORMATS, type DemandBatchReject, type ImportLayer } from '@cosite/contracts';
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
            ? `<h3>${t(lang, 'upResults')}</h3><p class="up-results"><a class="up-csv" href="${resultsUrl(b.id, 'csv')}" download="batch-${b.id}.csv">CSV</a> · <a class="up-geojson" href="${resultsUrl(b.id, 'geojson')}" download="batch-${b.id}.geojson">GeoJSON</a></p>
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
              ${v.repaired.length ? `<p>${t(lang, 'upRepaired')}: ${v.repaired.map((r) => `${t(lang, 'upLine')} ${r.line}`).join(', ')}</p>` : ''}
              <h3>${t(lang, 'upRejected')}</h3>${rejectsHtml(lang, v.rejects)}`
            : ''
        }</div>`;
    }
    const option = (value: string, label: string, selected: boolean) => `<option value="${value}" ${selected ? 'selected' : ''}>${escapeHtml(label)}</option>`;
    return `<section class="up-import"><h3>${t(lang, 'upImportTitle')}</h3>
      <p class="muted">${t(lang, 'upImportHint')}</p>
      <form class="demand-form up-form" data-form="import" novalidate>
        <label>${t(lang, 'upLayer')}<select name="layer">${layers.map((l) => option(l, term(lang, `upLayer.${l}`), l === u.layer)).join('')}</select></label>
        <label>${t(lang, 'upFormat')}<select name="format">${option('', t(lang, 'upFormatAuto'), u.format === '')}${IMPORT_SOURCE_FORMATS.map((f) => option(f, term(lang, `upFormat.${f}`), f === u.format)).join('')}</select></label>
        <label class="pin">${t(lang, 'upCrs')}<select name="crs">${CRS_CODES.map((c) => option(c, term(lang, `upCrs.${c}`), c === u.crs)).join('')}</select></label>
        <p class="muted pin">${t(lang, 'upCrsHint')}</p>
        <label class="check"><input type="checkbox" name="repair" ${u.repair ? 'checked' : ''}> ${t(lang, 'upRepair')}</label>
        <div class="pin">${dropZone(lang, 'import-file', '.geojson,.json,.csv,.kml,.zip', u.importFile)}</div>
        ${u.importError ? `<p class="errors pin" role="alert">${escapeHtml(u.importError)}</p>` : ''}
        <button type="submit" class="primary" ${u.busy === 'import' || (v && !importOver(v)) ? 'disabled aria-busy="true"' : ''}>${u.busy === 'import' ? t(lang, 'upSending') : t(lang, 'upImport')}</button>
      </form>${status}</section>`;
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

  const sendImport = async () => {
    const { lang } = store.get();
    const u = tool();
    const file = files.import;
    if (!u) return;
    if (!file) return setTool({ importError: t(lang, 'upNoFile') });
    const layer = u.layer ?? importLayersFor(signedInUser()?.role)[0];
    if (!layer) return;
    const format = u.format || formatOfFile(file.name);
    setTool({ busy: 'import', importError: null, imported: null });
    const { data, error, response } = await api.POST('/api/v1/imports', {
      params: { query: { layer, format, crs: u.crs, repair: u.repair ? 'true' : 'false' } },
      body: file as unknown as string,
      bodySerializer: (b: unknown) => b as string,
      headers: { 'Content-Type': CONTENT_TYPES[format] },
    });
    if (!data) return setTool({ busy: null, importError: refusalText(lang, error, response) });
    setTool({ busy: null, imported: data });
    void pollImport(data.id);
  };

  const choose = (which: 'batch' | 'import', file: File | undefined) => {
    if (!file) return;
    files[which] = file;
    if (which === 'batch') setTool({ batchFile: file.name, batchError: null });
    else setTool({ importFile: file.name, importError: null });
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    const form = (e.target as HTMLElement).closest<HTMLFormElement>('form');
    if (form?.dataset.form === 'batch') void sendBatch();
    if (form?.dataset.form === 'import') void sendImport();
  });
  el.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.name === 'batch-file') choose('batch', target.files?.[0]);
    else if (target.name === 'import-file') choose('import', target.files?.[0]);
    else if (target.name === 'layer') setTool({ layer: target.value as ImportLayer });
    else if (target.name === 'format') setTool({ format: target.value as UploadsTool['format'] });
    else if (target.name === 'crs') setTool({ crs: target.value as UploadsTool['crs'] });
    else if (target.name === 'repair') setTool({ repair: target.checked });
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ uploads: null });
    else if (target.dataset.action === 'fit') fit();
    else if (target.dataset.group) {
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
    if (s.uploads !== prev.uploads || s.lang !== prev.lang) {
      render();
      if (!!s.uploads !== !!prev.uploads) map.resize();
    }
  });
  render();
}
