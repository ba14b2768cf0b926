import type { ImportLayer } from '@cosite/contracts';
import type { LayerSpec } from '../layers/layer-spec';
import { STRUCTURE_LAYER } from '../inventory/structure.layer';
import { TENANCY_LAYER } from '../inventory/tenancy.layer';
import { ROUTE_LAYER } from '../inventory/route.layer';
import { OVERLAY_LAYER } from '../zoning/overlay.layer';
import { KEY_SITE_LAYER } from '../key-sites/key-site.layer';
import { OBSERVED_CELL_LAYER } from '../coverage/observed-cell.layer';
import { STREET_LAYER } from '../basemap/street.layer';

/** Every GeoJSON layer by its import name. */
export const LAYERS: Record<ImportLayer, LayerSpec> = {
  structures: STRUCTURE_LAYER,
  tenancies: TENANCY_LAYER,
  routes: ROUTE_LAYER,
  overlays: OVERLAY_LAYER,
  'key-sites': KEY_SITE_LAYER,
  'observed-cells': OBSERVED_CELL_LAYER,
  streets: STREET_LAYER,
};
