import type { Technology } from '@cosite/contracts';
import type { Lang } from './i18n';
import type { LayerGroup } from './map/layers/common';
import type { Plan } from './planner/analysis';
import type { Works } from './works/works';
import type { ZoningEdit } from './zoning/zoning-edit';
import type { RouteCheckTool } from './sharing/route-check';
import type { PolesTool } from './sharing/poles';
import type { KpiView } from './sharing/kpi';
import type { ApplicationsView } from './applications/model';
import type { ProfileTool } from './profile/link-profile';
import type { UploadsTool } from './uploads/uploads';
import type { CoverageMetric } from './map/coverage-metric';
import type { SectorLoadStatus } from './map/sector-load';
import type { RolloutTool } from './plans/rollout';

/** The one source of truth of the app. The map and the panels read it; only actions change it. */
export interface AppState {
  lang: Lang;
  hidden: Set<LayerGroup>;
  /** Legend classes switched off, as `group:value` (map/layers/common.ts classKey); none when absent. */
  hiddenClasses?: ReadonlySet<string>;
  selection: { layer: 'structures' | 'routes'; id: number } | null;
  /** The coverage control's choice: which technology and operator, coloured by which metric. */
  coverage: { technology: Technology; operator: string; metric: CoverageMetric };
  /** Why the sector load layer is empty, or how many sectors it shows (map/sector-load.ts); absent until it first loads. */
  sectorLoad?: SectorLoadStatus;
  /** The site planner, when open: null when closed. */
  plan: Plan | null;
  /** The works-area protection check, when open: null when closed. */
  works: Works | null;
  /** The overlay editor (planning bureau), when open: null when closed. */
  zoning: ZoningEdit | null;
  /** The route-sharing check, when open. */
  routes: RouteCheckTool | null;
  /** Multi-pole integration, when open. */
  poles: PolesTool | null;
  /** The sharing KPI panel, when open. */
  kpi: KpiView | null;
  /** Applications (my applications, the regulator's queue, the bureau's reviews), when open. */
  applications: ApplicationsView | null;
  /** The link-profile tool (terrain between two points), when open. */
  profile: ProfileTool | null;
  /** Uploads (a demand batch, a layer import), when open. */
  uploads: UploadsTool | null;
  /** Rollout plans, when open. */
  rollout: RolloutTool | null;
}

/** The tool panels; at most one is open, and while it is, map clicks are the tool's. */
export const TOOLS = ['plan', 'rollout', 'works', 'zoning', 'routes', 'poles', 'kpi', 'applications', 'profile', 'uploads'] as const;
export type Tool = (typeof TOOLS)[number];

export function openTool(s: AppState): Tool | null {
  return TOOLS.find((t) => s[t] !== null) ?? null;
}

type Listener = (s: AppState, prev: AppState) => void;

export class Store {
  private listeners: Listener[] = [];
  constructor(private state: AppState) {}
  get(): AppState {
    return this.state;
  }
  update(change: Partial<AppState>): void {
    const prev = this.state;
    this.state = { ...prev, ...change };
    for (const l of this.listeners) l(this.state, prev);
  }
  subscribe(l: Listener): void {
    this.listeners.push(l);
  }
}
