import type { OverlayKind } from '../common/enums';

/**
 * What an overlay means for a base station sited inside it, as data with the rule it comes from.
 * The zoning issue extends this table into the editable rules store; co-location reads it today.
 */
export interface SitingRule {
  condition: 'camouflage_required' | 'emf_notice_required' | 'flood_proofing_required' | 'new_build_forbidden' | 'preferred_site';
  source: string;
}

export const SITING_RULES: Partial<Record<OverlayKind, SitingRule>> = {
  scenic_area: { condition: 'camouflage_required', source: 'Chongqing telecom facility construction and protection rules, art. 10' },
  heritage_area: { condition: 'camouflage_required', source: 'Chongqing telecom facility construction and protection rules, art. 10' },
  nature_reserve: { condition: 'camouflage_required', source: 'Chongqing telecom facility construction and protection rules, art. 10' },
  residential_area: { condition: 'emf_notice_required', source: 'same rules, art. 18 (transmit power and EMF level posted; GB 8702-2014 limits)' },
  school: { condition: 'emf_notice_required', source: 'same rules, art. 18 (transmit power and EMF level posted; GB 8702-2014 limits)' },
  hospital: { condition: 'emf_notice_required', source: 'same rules, art. 18 (transmit power and EMF level posted; GB 8702-2014 limits)' },
  flood_zone_100y: { condition: 'flood_proofing_required', source: '14th five-year ICT infrastructure plan: facilities below the 100-year flood line flood-proofed or moved' },
  no_build_zone: { condition: 'new_build_forbidden', source: 'no-build zone designated by the planning bureau' },
  reserved_telecom_land: { condition: 'preferred_site', source: 'national planning notice (2015): standalone sites belong on reserved telecom land' },
};
