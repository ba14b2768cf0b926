import type { ImportLayer, ImportMapping } from '@cosite/contracts';

/**
 * The mappings Cosite ships, as data: OpenStreetMap tags (an Overpass or osmtogeojson export keeps the tags as
 * properties and the element as `@id`), the OpenCelliD CSV, and the column names and values of a Chinese tower
 * inventory sheet. A user copies one into a profile of their own to change it.
 */
export interface MappingPreset {
  name: string;
  layer: ImportLayer;
  description: string;
  crs?: string;
  mapping: ImportMapping;
}

/** Typical heights and slots where OSM has no `height` tag (most features): a planner corrects them on the structure. */
const OSM_KIND = ['power', 'highway', 'man_made'];

export const MAPPING_PRESETS: readonly MappingPreset[] = [
  {
    name: 'osm-structures',
    layer: 'structures',
    description:
      'OpenStreetMap: power=tower|pole, highway=street_lamp, man_made=mast|tower with tower:type=communication (heights and slots typical where untagged)',
    crs: 'wgs84',
    mapping: {
      where: [{ power: ['tower', 'pole'] }, { highway: ['street_lamp'] }, { man_made: ['mast', 'tower'], 'tower:type': ['communication'] }],
      fields: {
        code: { template: 'OSM-{@id}' },
        name: { from: ['name:zh', 'name', 'ref'], template: '{power}{highway}{man_made} {@id}' },
        kind: {
          from: OSM_KIND,
          values: {
            'power=tower': 'power_grid_tower',
            'power=pole': 'utility_pole',
            'highway=street_lamp': 'street_lamp_pole',
            'man_made=mast': 'monopole',
            'man_made=tower': 'lattice_tower',
          },
        },
        ownerId: {
          from: ['operator'],
          values: { 国家电网: 'state-grid-cq', 'State Grid': 'state-grid-cq', 中国铁塔: 'china-tower', 'China Tower': 'china-tower' },
          template: '{$organisation}',
        },
        heightM: {
          from: ['height', ...OSM_KIND],
          values: { 'power=tower': 35, 'power=pole': 12, 'highway=street_lamp': 8, 'man_made=mast': 30, 'man_made=tower': 40 },
        },
        slotsTotal: { from: OSM_KIND, values: { 'power=tower': 3, 'power=pole': 1, 'highway=street_lamp': 1, 'man_made=mast': 3, 'man_made=tower': 6 } },
        buildForm: { constant: 'standalone' },
        status: { constant: 'built' },
      },
    },
  },
  {
    name: 'osm-streets',
    layer: 'streets',
    description: 'OpenStreetMap highways (motorway … living_street, service) as basemap streets, by class',
    crs: 'wgs84',
    mapping: {
      where: [
        {
          highway: [
            'motorway',
            'trunk',
            'primary',
            'secondary',
            'tertiary',
            'unclassified',
            'residential',
            'living_street',
            'service',
            'motorway_link',
            'trunk_link',
            'primary_link',
            'secondary_link',
            'tertiary_link',
          ],
        },
      ],
      fields: {
        code: { template: 'OSM-{@id}' },
        nameZh: { from: ['name:zh', 'name', 'ref'], template: '{highway} {@id}' },
        nameEn: { from: ['name:en'] },
        class: {
          from: 'highway',
          values: {
            motorway: 'primary',
            trunk: 'primary',
            primary: 'primary',
            motorway_link: 'primary',
            trunk_link: 'primary',
            primary_link: 'primary',
            secondary: 'secondary',
            tertiary: 'secondary',
            secondary_link: 'secondary',
            tertiary_link: 'secondary',
            unclassified: 'local',
            residential: 'local',
            living_street: 'local',
            service: 'local',
          },
        },
      },
    },
  },
  {
    name: 'opencellid',
    layer: 'observed-cells',
    description: 'The OpenCelliD CSV: radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal',
    crs: 'wgs84',
    mapping: {
      geometry: { x: 'lon', y: 'lat' },
      fields: Object.fromEntries(
        ['radio', 'mcc', 'net', 'area', 'cell', 'unit', 'range', 'samples', 'changeable', 'created', 'updated', 'averageSignal'].map((c) => [c, { from: c }]),
      ),
    },
  },
  {
    name: 'cn-tower-inventory',
    layer: 'structures',
    description: '铁塔站址台账: 站址编码, 站址名称, 塔型, 产权单位, 塔高(米), 挂载空间, 经度, 纬度 (the columns and values of a Chinese tower inventory sheet)',
    crs: 'wgs84',
    mapping: {
      geometry: { x: '经度', y: '纬度' },
      fields: {
        code: { from: ['站址编码', '站址编号', '编码'] },
        name: { from: ['站址名称', '名称'] },
        kind: {
          from: ['塔型', '铁塔类型', '站址类型'],
          values: {
            铁塔: 'lattice_tower',
            角钢塔: 'lattice_tower',
            三管塔: 'lattice_tower',
            单管塔: 'monopole',
            美化塔: 'camouflaged_tower',
            楼顶: 'rooftop',
            楼顶塔: 'rooftop',
            楼面塔: 'rooftop',
            灯杆: 'street_lamp_pole',
            路灯杆: 'street_lamp_pole',
            监控杆: 'camera_pole',
            交通杆: 'traffic_sign_pole',
            电力杆: 'utility_pole',
            电力塔: 'power_grid_tower',
            智慧杆: 'smart_pole',
            室分: 'indoor_distribution',
          },
        },
        ownerId: {
          from: ['产权单位', '产权方'],
          values: {
            铁塔: 'china-tower',
            中国铁塔: 'china-tower',
            移动: 'china-mobile',
            中国移动: 'china-mobile',
            联通: 'china-unicom',
            中国联通: 'china-unicom',
            电信: 'china-telecom',
            中国电信: 'china-telecom',
            广电: 'china-broadnet',
            中国广电: 'china-broadnet',
          },
          template: '{$organisation}',
        },
        heightM: { from: ['塔高', '塔高(米)', '高度'] },
        slotsTotal: { from: ['挂载空间', '平台数', '可挂载数'], constant: 3 },
        buildForm: { from: ['建设形式'], values: { 落地: 'standalone', 附属: 'attached', 楼顶: 'attached' }, constant: 'standalone' },
        address: { from: ['地址', '详细地址'] },
      },
    },
  },
];

export const presetNamed = (name: string): MappingPreset | undefined => MAPPING_PRESETS.find((p) => p.name === name);
