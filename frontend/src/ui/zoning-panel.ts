import type { Map as MapLibreMap, MapMouseEvent, VectorTileSource } from 'maplibre-gl';
import type { Geometry } from 'geojson';
import type { Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml } from './format';
import { panelAction, showFieldErrors } from './tool-panel';
import { OVERLAY_KINDS, type OverlayKind } from '@cosite/contracts';
import type { FormProblem } from './form-errors';
import { NEW_ZONING_EDIT, type ZoningEdit } from '../zoning/zoning-edit';
import { type MapDrawing, sketchGeometry } from '../map/draw';
import { THEME } from '../map/theme';
import { api, dataOf, failureProblems } from '../api/client';
import { confirmAction } from './confirm';

/**
 * The planning bureau's overlay editor: click an overlay to edit its kind, name, authority, height limit and
 * validity (each save is a new version, listed), retire it; or draw a new one point by point and save it.
 */
export function attachZoningPanel(el: HTMLElement, map: MapLibreMap, store: Store, drawing: MapDrawing): void {
  const edit = () => store.get().zoning;
  const setEdit = (change: Partial<ZoningEdit>) => store.update({ zoning: { ...(edit() ?? NEW_ZONING_EDIT), ...change } });
  // After 'draw', the map draws the new outline: each click places a vertex, until it is closed (or saved).
  const pen = drawing.pen(THEME.tool.zoning, {
    onChange: (vertices) => setEdit({ vertices }),
    onFinish: (_outline, vertices) => setEdit({ vertices, drawing: false }),
  });
  const syncPen = () => pen.want(edit()?.drawing ? 'polygon' : null);
  const verticesText = (z: ZoningEdit) => (z.drawing || z.vertices.length ? `${t(store.get().lang, 'verticesDrawn')}: ${z.vertices.length}` : '');
  const field = (name: string) => el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;

  const render = () => {
    const { lang } = store.get();
    const z = edit();
    el.hidden = !z;
    if (!z) return;
    const p = z.selected?.properties ?? {};
    const v = (k: string) => escapeHtml(p[k] ?? '');
    el.innerHTML = `<button class="close" type="button" title="${escapeHtml(t(lang, 'close'))}">×</button>
      <h2>${t(lang, 'zoningEditor')}</h2>
      <p class="muted">${t(lang, 'zoningHint')}</p>
      <p class="buttons"><button type="button" data-action="draw">${t(lang, z.selected ? 'redrawOutline' : 'drawOverlay')}</button>
        <button type="button" data-action="clear" ${z.vertices.length ? '' : 'disabled'}>${t(lang, 'clearDrawing')}</button></p>
      <p class="vertices">${verticesText(z) || (z.selected ? `#${z.selected.id} · v${escapeHtml(p.version)}${p.retiredAt ? ` · ${t(lang, 'retired')}` : ''}` : '')}</p>
      <form class="demand-form overlay-form" novalidate>
        <label>${t(lang, 'kind')}<select name="kind">${OVERLAY_KINDS.map((k) => `<option value="${k}" ${p.kind === k ? 'selected' : ''}>${escapeHtml(term(lang, k))}</option>`).join('')}</select></label>
        <label>${t(lang, 'overlayName')}<input name="name" value="${v('name')}"></label>
        <label>${t(lang, 'overlayNameEn')}<input name="nameEn" value="${v('nameEn')}"></label>
        <label>${t(lang, 'authority')}<input name="authority" value="${v('authority')}"></label>
        <label>${t(lang, 'heightLimit')}<input name="heightLimitM" type="number" min="1" value="${v('heightLimitM')}"></label>
        <label>${t(lang, 'validFrom')}<input name="validFrom" type="date" value="${v('validFrom')}"></label>
        <label>${t(lang, 'validTo')}<input name="validTo" type="date" value="${v('validTo')}"></label>
        <button type="submit" class="primary">${t(lang, 'save')}</button>
        ${z.selected && !p.retiredAt ? `<button type="button" data-action="retire">${t(lang, 'retire')}</button>` : ''}
        <ul class="errors"></ul>
      </form>
      ${z.versions.length ? `<h3>${t(lang, 'versions')}</h3><ol class="versions">${z.versions.map((x) => `<li data-version="${x.version}">v${x.version} · ${escapeHtml(term(lang, x.change))} · ${escapeHtml(new Date(x.changedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'))}</li>`).join('')}</ol>` : ''}`;
  };

  const showErrors = (errors: FormProblem[]) => showFieldErrors(el, errors, store.get().lang);

  // the overlays layer shows the change at once (new tile URLs make MapLibre fetch them again)
  const reloadOverlayTiles = () => {
    const source = map.getSource('overlays') as VectorTileSource | undefined;
    const url = source?.tiles?.[0]?.split('?')[0];
    if (source && url) source.setTiles([`${url}?v=${Date.now()}`]);
  };

  const select = async (id: number) => {
    const path = { id: String(id) };
    const [o, versions] = await Promise.all([
      dataOf(api.GET('/api/v1/overlays/{id}', { params: { path } })),
      dataOf(api.GET('/api/v1/overlays/{id}/versions', { params: { path } })),
    ]);
    // the API's geometry is GeoJSON (Polygon or MultiPolygon), typed loosely ({ type, coordinates: unknown[] })
    setEdit({ selected: { id, properties: o.properties, geometry: o.geometry as Geometry }, vertices: [], drawing: false, versions });
  };

  const save = async () => {
    const z = edit();
    if (!z) return;
    const text = (n: string) => (field(n).value.trim() === '' ? null : field(n).value.trim());
    const properties = {
      kind: field('kind').value as OverlayKind,
      // an empty name or authority goes as null: the API answers that it is required, and the form shows it
      name: text('name') as string,
      nameEn: text('nameEn'),
      authority: text('authority') as string,
      heightLimitM: text('heightLimitM') === null ? null : Number(field('heightLimitM').value),
      validFrom: text('validFrom'),
      validTo: text('validTo'),
    };
    const geometry = sketchGeometry('polygon', z.vertices);
    const call = z.selected
      ? api.PATCH('/api/v1/overlays/{id}', {
          params: { path: { id: String(z.selected.id) } },
          body: { type: 'Feature', properties, ...(geometry ? { geometry } : {}) },
        })
      : geometry && api.POST('/api/v1/overlays', { body: { type: 'Feature', properties, geometry } });
    if (!call) return showErrors([{ field: 'geometry', problem: t(store.get().lang, 'drawFirst') }]);
    const { data, error, response } = await call;
    if (!data) return showErrors(failureProblems(error, response));
    reloadOverlayTiles();
    await select(data.id);
  };

  const retire = async () => {
    const z = edit();
    if (!z?.selected) return;
    const lang = store.get().lang;
    const title = t(lang, 'confirmRetireTitle');
    if (!(await confirmAction(lang, { title, message: t(lang, 'confirmRetireText'), confirm: t(lang, 'retire'), danger: true }))) return;
    const { error, response } = await api.DELETE('/api/v1/overlays/{id}', { params: { path: { id: String(z.selected.id) } } });
    if (!response.ok) return showErrors(failureProblems(error, response));
    reloadOverlayTiles();
    await select(z.selected.id);
  };

  el.addEventListener('submit', (e) => {
    e.preventDefault();
    void panelAction(el, el.querySelector<HTMLButtonElement>('button.primary'), save);
  });
  el.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('button.close')) store.update({ zoning: null });
    else if (target.dataset.action === 'draw' || target.dataset.action === 'clear') {
      pen.reset();
      setEdit(target.dataset.action === 'draw' ? { drawing: true, vertices: [] } : { vertices: [] });
    } else if (target.dataset.action === 'retire') void panelAction(el, target as HTMLButtonElement, retire);
  });
  // Unless a new outline is being drawn or waits to be saved, a click on an overlay selects it for editing.
  map.on('click', (e: MapMouseEvent) => {
    const z = edit();
    if (!z || z.drawing || z.vertices.length) return;
    const [hit] = map.queryRenderedFeatures(e.point, { layers: ['overlay-fill'].filter((l) => map.getLayer(l)) });
    if (hit?.id !== undefined) void panelAction(el, null, () => select(Number(hit.id)));
  });
  store.subscribe((s, prev) => {
    if (s.zoning !== prev.zoning) syncPen();
    if (s.zoning !== prev.zoning || s.lang !== prev.lang) {
      // keep what the user typed while the sketch grows: only redraw the form when the overlay or language changes
      const sameForm =
        s.zoning && prev.zoning && s.zoning.selected === prev.zoning.selected && s.zoning.versions === prev.zoning.versions && s.lang === prev.lang;
      if (sameForm) {
        const z = s.zoning!;
        el.querySelector('.vertices')!.textContent = verticesText(z);
        el.querySelector<HTMLButtonElement>('button[data-action="clear"]')!.disabled = !z.vertices.length;
      } else render();
      if (!!s.zoning !== !!prev.zoning) map.resize();
    }
  });
  render();
}
