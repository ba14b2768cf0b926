import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

const GREEN = '#1a9850';
const RED = '#d73027';
const GREY = '#bdbdbd';

export interface ChartBar {
  label: string;
  value: number | null;
  target: number | null;
}

/**
 * A bar per figure against its target (a marker above or below the bar's top): green when met, red when not, grey
 * without a target. Replaces any chart already drawn on the canvas; the canvas records how many bars it shows.
 */
export function drawTargetChart(canvas: HTMLCanvasElement, bars: ChartBar[], names: { value: string; target: string }, unit: 'percent' | 'number'): Chart {
  Chart.getChart(canvas)?.destroy();
  const scale = (v: number | null) => (v === null ? null : unit === 'percent' ? Math.round(v * 1000) / 10 : v);
  canvas.dataset.bars = String(bars.length);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bars.map((b) => b.label),
      datasets: [
        {
          type: 'bar',
          label: names.value,
          data: bars.map((b) => scale(b.value)),
          backgroundColor: bars.map((b) => (b.value === null || b.target === null ? GREY : b.value >= b.target ? GREEN : RED)),
        },
        {
          type: 'line',
          label: names.target,
          data: bars.map((b) => scale(b.target)),
          showLine: false,
          pointStyle: 'line',
          pointRadius: 14,
          pointBorderWidth: 3,
          borderColor: '#222',
          backgroundColor: '#222',
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: { x: { ticks: { font: { size: 10 }, maxRotation: 60, minRotation: 30 } }, y: { beginAtZero: true, ...(unit === 'percent' ? { max: 100 } : {}) } },
    },
  });
}

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  colour: string;
}

/**
 * Several figures side by side per area (a bar each, grouped), on a per-cent axis (0–100) or a Mbit/s one. Replaces
 * any chart already drawn on the canvas; the canvas records how many areas it shows.
 */
export function drawSeriesChart(canvas: HTMLCanvasElement, labels: string[], series: ChartSeries[], unit: 'percent' | 'mbps'): Chart {
  Chart.getChart(canvas)?.destroy();
  canvas.dataset.bars = String(labels.length);
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: series.map((s) => ({ type: 'bar' as const, label: s.label, data: s.values, backgroundColor: s.colour })) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, font: { size: 11 } } } },
      scales: {
        x: { ticks: { font: { size: 10 }, maxRotation: 60, minRotation: 30 } },
        y: { beginAtZero: true, ...(unit === 'percent' ? { max: 100 } : {}), title: { display: true, text: unit === 'percent' ? '%' : 'Mbit/s' } },
      },
    },
  });
}
