/** A co-location analysis as the API returns it (the parts the planner shows). */
export interface SiteCondition {
  condition: string;
  overlay: string;
  source: string;
}

export interface Candidate {
  structureId: number;
  code: string | null;
  name: string;
  kind: string;
  location: { lon: number; lat: number };
  distanceM: number;
  feasible: boolean;
  option: 'share' | 'upgrade' | null;
  reasons: string[];
  conditions: SiteCondition[];
  score: number;
  scoreBreakdown: Record<string, number>;
  populationGain: number;
}

export interface NewBuild {
  location: { lon: number; lat: number } | null;
  reason?: string;
  distanceM?: number;
  onReservedTelecomLand?: boolean;
  populationGain?: number;
  structure: { kind: string; heightM: number; slotsTotal: number; loadCapacityKg: number; tenantsDesignedFor: number } | null;
  conditions: SiteCondition[];
}

export interface CoBuild {
  groupId: string;
  members: { analysisId: string; operator: string; technology: string }[];
  towersAvoided: number;
  location: { lon: number; lat: number };
  structure: { kind: string; heightM: number; slotsTotal: number; tenantsDesignedFor: number };
  conditions: SiteCondition[];
}

export interface Analysis {
  id: string;
  createdAt: string;
  demand: {
    lon: number;
    lat: number;
    searchRadiusM: number;
    operator: string;
    technology: string;
    bandMHz: number;
    antennaHeightM: number;
    slots: number;
    loadKg: number;
    indoor: boolean;
  };
  environment: string;
  decision: 'share' | 'upgrade' | 'new_build';
  best: Candidate | null;
  candidates: Candidate[];
  newBuild: NewBuild | null;
  coBuild: CoBuild | null;
  conditions: SiteCondition[];
  gap?: { rank: number; population: number; cells: number; areaKm2: number };
}

/** What the planner is working on: the demand point, its ring and, once analysed, the analysis. */
export interface Plan {
  pin: { lon: number; lat: number } | null;
  radiusM: number;
  analysis: Analysis | null;
}
