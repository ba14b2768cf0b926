import { api, dataOf } from '../api/client';
import { type Store } from '../state';
import { t, term } from '../i18n';
import { escapeHtml, rows } from './format';

/** The side panel's detail view: a structure with its tenancies, or a route with its capacity. */
export function attachDetailPanel(el: HTMLElement, store: Store): void {
  let token = 0;
  const render = async () => {
    const { selection, lang } = store.get();
    if (!selection) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.innerHTML = `<p>${t(lang, 'loading')}</p>`;
    const mine = ++token;
    const html = selection.layer === 'structures' ? await structureHtml(selection.id, store) : await routeHtml(selection.id, store);
    if (mine !== token) return;
    el.innerHTML = `<button class="close" title="${escapeHtml(t(lang, 'close'))}">×</button>${html}`;
    el.querySelector('button.close')!.addEventListener('click', () => store.update({ selection: null }));
  };
  store.subscribe((s, prev) => {
    if (s.selection !== prev.selection || s.lang !== prev.lang) void render().catch((e) => (el.textContent = String(e)));
  });
}

async function structureHtml(id: number, store: Store): Promise<string> {
  const lang = store.get().lang;
  const [s, ts] = await Promise.all([
    dataOf(api.GET('/api/v1/structures/{id}', { params: { path: { id: String(id) } } })),
    dataOf(api.GET('/api/v1/tenancies', { params: { query: { structure: String(id), limit: 100 } } })),
  ]);
  const p = s.properties;
  const tenancies = ts.features.length
    ? `<table class="tenancies"><thead><tr><th>${t(lang, 'operator')}</th><th>${t(lang, 'technology')}</th><th>${t(lang, 'band')}</th><th>${t(lang, 'antennaHeight')}</th><th>${t(lang, 'azimuth')}</th><th>${t(lang, 'slots')}</th></tr></thead><tbody>${ts.features
        .map((f) => {
          const q = f.properties;
          return `<tr><td>${escapeHtml(term(lang, q.operatorId))}</td><td>${escapeHtml(q.technology)}</td><td>${escapeHtml(q.bandMhz)} MHz</td><td>${escapeHtml(q.antennaHeightM)} m</td><td>${q.azimuthDeg == null ? '—' : `${escapeHtml(q.azimuthDeg)}° ×${escapeHtml(q.sectorCount)}`}</td><td>${escapeHtml(q.slotsUsed)}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : `<p>${t(lang, 'noTenancies')}</p>`;
  return `<h2 data-structure-id="${id}">${escapeHtml(p.name)}</h2><p class="code">${escapeHtml(p.code)}</p>
    <table>${rows(lang, [
      ['kind', term(lang, p.kind)],
      ['owner', term(lang, p.ownerId)],
      ['status', term(lang, p.status)],
      ['height', `${p.heightM} m`],
      ['freeSlots', `${p.slotsFree} / ${p.slotsTotal}`],
      ['load', p.loadCapacityKg == null ? null : `${p.loadUsedKg} / ${p.loadCapacityKg} kg`],
    ])}</table>
    <h3>${t(lang, 'tenancies')} (${ts.features.length})</h3>${tenancies}
    <p class="muted">${t(lang, 'photos')}</p>`;
}

async function routeHtml(id: number, store: Store): Promise<string> {
  const lang = store.get().lang;
  const r = await dataOf(api.GET('/api/v1/routes/{id}', { params: { path: { id: String(id) } } }));
  const p = r.properties;
  const tenants = p.tenants.map((x) => `${term(lang, x.operatorId)} ${x.unitsUsed}`).join(', ');
  return `<h2>${escapeHtml(p.name ?? p.code)}</h2><p class="code">${escapeHtml(p.code)}</p>
    <table>${rows(lang, [
      ['kind', term(lang, p.kind)],
      ['owner', term(lang, p.ownerId)],
      ['status', term(lang, p.status)],
      ['capacity', `${p.capacityTotal} (${p.capacityUnit})`],
      ['capacityUsed', p.capacityUsed],
      ['capacityFree', p.capacityFree],
      ['tenants', tenants || '—'],
      ['length', `${p.lengthM} m`],
    ])}</table>`;
}
