import { pickLanguage, t } from './i18n';

/** Start page: the health of the services and the central districts. The map shell replaces it (issue 3). */
const lang = pickLanguage(navigator.languages);
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
const app = document.getElementById('app')!;

async function render(): Promise<void> {
  const [health, districts] = await Promise.all([
    fetch('/api/v1/health').then((r) => r.json()),
    fetch('/api/v1/districts?core=true').then((r) => r.json()),
  ]);
  const rows = (districts.features as { properties: { nameZh: string; nameEn: string; population: number; structures: number } }[])
    .map((f) => `<tr><td>${lang === 'zh' ? f.properties.nameZh : f.properties.nameEn}</td><td>${f.properties.population.toLocaleString()}</td><td>${f.properties.structures.toLocaleString()}</td></tr>`)
    .join('');
  const checks = Object.entries(health.details ?? {})
    .map(([k, v]) => `<li>${k}: ${(v as { status: string }).status === 'up' ? t(lang, 'up') : t(lang, 'down')}</li>`)
    .join('');
  app.innerHTML = `<h1>${t(lang, 'appTitle')}</h1>
    <h2>${t(lang, 'health')}</h2><ul>${checks}</ul>
    <h2>${t(lang, 'districts')}</h2>
    <table><thead><tr><th></th><th>${t(lang, 'population')}</th><th>${t(lang, 'structures')}</th></tr></thead><tbody>${rows}</tbody></table>
    <p><a href="/api/docs">${t(lang, 'apiDocs')}</a></p>`;
}

render().catch((e) => (app.textContent = String(e)));
