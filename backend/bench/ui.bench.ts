import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { type Bench, withWorkers } from './harness';

/** The repository's root, from the compiled bench (backend/dist/backend/bench). */
const ROOT = path.resolve(__dirname, '../../../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What a user waits for in the browser (sign-in to the map, a popup, a search, the KPI shading, an application), run
 * by frontend/bench/ui.bench.mjs in Debian's Chromium against this bench's API (which serves the built UI) and one
 * worker. Its figures print as they are measured; this returns its closing lines.
 */
export const uiBench: Bench = {
  name: 'ui',
  async run({ baseUrl }) {
    if (!fs.existsSync(CHROMIUM)) return `### UI\n\nskipped: no Chromium at ${CHROMIUM} (npm test installs it)`;
    if (!fs.existsSync(path.join(ROOT, 'frontend/dist/index.html'))) return '### UI\n\nskipped: the UI is not built (npm run build -w @cosite/frontend)';
    console.log('### UI (Chromium, software-rendered map; the median of a few runs each)\n');
    const lines: string[] = [];
    const code = await withWorkers(1, () => {
      const child = spawn(process.execPath, [path.join(ROOT, 'frontend/bench/ui.bench.mjs')], {
        cwd: ROOT,
        env: { ...process.env, COSITE_E2E_URL: baseUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child.stdout.on('data', (b: Buffer) => {
        process.stdout.write(b); // as soon as measured: a long stretch still shows its progress
        lines.push(...b.toString().split('\n').filter(Boolean));
      });
      return new Promise<number | null>((resolve) => child.once('exit', resolve));
    });
    return `${lines.filter((l) => l.startsWith('UI:')).join('\n') || 'UI bench: no summary'}${code === 0 ? '' : ` (exit code ${code})`}`;
  },
};
