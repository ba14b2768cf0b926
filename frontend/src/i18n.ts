/** One message catalogue per language; Chinese is the default when the browser asks for it. */
const zh = {
  appTitle: 'Cosite 通信基础设施共享规划',
  layers: '图层',
  legend: '图例',
  search: '搜索地点或坐标（如 29.5575, 106.5770）',
  searchNoMatch: '未找到',
  searchAmbiguous: '坐标顺序不明确，已按“纬度, 经度”理解',
  language: 'English',
  details: '详情',
  close: '关闭',
  structures: '站址设施',
  sectors: '扇区（租户）',
  routes: '管线（管道、杆路、光缆）',
  overlays: '规划管控区',
  keySites: '重点场所',
  districts: '行政区',
  streets: '道路',
  rivers: '河流',
  owner: '产权单位',
  status: '状态',
  kind: '类型',
  height: '高度',
  tenants: '租户数',
  freeSlots: '空余挂载位',
  slots: '挂载位',
  load: '荷载',
  capacity: '容量',
  capacityUsed: '已用',
  capacityFree: '空余',
  length: '长度',
  operator: '运营商',
  technology: '制式',
  band: '频段',
  antennaHeight: '天线挂高',
  azimuth: '方位角',
  noTenancies: '暂无租户',
  population: '常住人口',
  authority: '批准机关',
  category: '类别',
  photos: '照片（暂未提供）',
  tenancies: '租户设备',
  loading: '加载中…',
  metres: '米',
  coverage: '覆盖预测',
  recompute: '重新计算全市覆盖',
  anyOperator: '任一运营商',
  running: '计算中',
  lastRun: '上次计算',
  noRun: '尚未计算',
  observedCells: '实测小区（OpenCelliD）',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appTitle: 'Cosite shared telecom infrastructure planner',
  layers: 'Layers',
  legend: 'Legend',
  search: 'Search places or coordinates (e.g. 29.5575, 106.5770)',
  searchNoMatch: 'Nothing found',
  searchAmbiguous: 'Coordinate order ambiguous: read as "latitude, longitude"',
  language: '中文',
  details: 'Details',
  close: 'Close',
  structures: 'Structures',
  sectors: 'Sectors (tenancies)',
  routes: 'Routes (ducts, pole lines, cables)',
  overlays: 'Zoning overlays',
  keySites: 'Key sites',
  districts: 'Districts',
  streets: 'Streets',
  rivers: 'Rivers',
  owner: 'Owner',
  status: 'Status',
  kind: 'Kind',
  height: 'Height',
  tenants: 'Tenants',
  freeSlots: 'Free slots',
  slots: 'Slots',
  load: 'Load',
  capacity: 'Capacity',
  capacityUsed: 'used',
  capacityFree: 'free',
  length: 'Length',
  operator: 'Operator',
  technology: 'Technology',
  band: 'Band',
  antennaHeight: 'Antenna height',
  azimuth: 'Azimuth',
  noTenancies: 'No tenants yet',
  population: 'Residents',
  authority: 'Authority',
  category: 'Category',
  photos: 'Photos (not yet available)',
  tenancies: 'Tenancies',
  loading: 'Loading…',
  metres: 'm',
  coverage: 'Predicted coverage',
  recompute: 'Recompute the whole city',
  anyOperator: 'any operator',
  running: 'running',
  lastRun: 'last run',
  noRun: 'not computed yet',
  observedCells: 'Observed cells (OpenCelliD)',
};

export const MESSAGES = { zh, en } as const;
export type Lang = keyof typeof MESSAGES;

/** Names of enumerated values (kinds, statuses, operators) per language. */
export const TERMS: Record<Lang, Record<string, string>> = {
  zh: {
    lattice_tower: '角钢塔', monopole: '单管塔', camouflaged_tower: '美化塔', rooftop: '楼顶站', street_lamp_pole: '路灯杆',
    utility_pole: '电力杆', traffic_sign_pole: '交通标志杆', camera_pole: '监控杆', smart_pole: '智慧杆', indoor_distribution: '室内分布',
    planned: '规划', approved: '已批准', built: '已建', decommissioned: '已拆除', active: '在网',
    duct: '管道', pole_line: '杆路', aerial_cable: '架空光缆', buried_cable: '直埋光缆',
    scenic_area: '风景名胜区', heritage_area: '历史文化保护区', nature_reserve: '自然保护区', reserved_telecom_land: '通信设施用地（黄线）',
    flood_zone_100y: '百年一遇洪水区', residential_area: '居住区', school: '学校', hospital: '医院', no_build_zone: '禁建区',
    'china-mobile': '中国移动', 'china-telecom': '中国电信', 'china-unicom': '中国联通', 'china-broadnet': '中国广电', 'china-tower': '中国铁塔',
    airport: '机场', rail_station: '火车站', bus_station: '公交枢纽', port: '港口码头', business_district: '商圈', venue: '场馆',
    university: '高校', stadium: '体育场馆', government_service_hall: '政务服务中心',
    excellent: '优（≥ 门限 +20 dB）', good: '良（+10 dB）', fair: '达标', weak: '弱覆盖', completed: '已完成', failed: '失败', cancelled: '已取消',
  },
  en: {
    lattice_tower: 'lattice tower', monopole: 'monopole', camouflaged_tower: 'camouflaged tower', rooftop: 'rooftop', street_lamp_pole: 'street-lamp pole',
    utility_pole: 'utility pole', traffic_sign_pole: 'traffic/sign pole', camera_pole: 'camera pole', smart_pole: 'smart pole', indoor_distribution: 'indoor system',
    planned: 'planned', approved: 'approved', built: 'built', decommissioned: 'decommissioned', active: 'active',
    duct: 'duct', pole_line: 'pole line', aerial_cable: 'aerial cable', buried_cable: 'buried cable',
    scenic_area: 'scenic area', heritage_area: 'heritage area', nature_reserve: 'nature reserve', reserved_telecom_land: 'reserved telecom land (yellow line)',
    flood_zone_100y: '100-year flood zone', residential_area: 'residential area', school: 'school', hospital: 'hospital', no_build_zone: 'no-build zone',
    'china-mobile': 'China Mobile', 'china-telecom': 'China Telecom', 'china-unicom': 'China Unicom', 'china-broadnet': 'China Broadnet', 'china-tower': 'China Tower',
    airport: 'airport', rail_station: 'rail station', bus_station: 'bus hub', port: 'port', business_district: 'business district', venue: 'venue',
    university: 'university', stadium: 'stadium', government_service_hall: 'government service hall',
    excellent: 'excellent (threshold +20 dB)', good: 'good (+10 dB)', fair: 'meets threshold', weak: 'weak', completed: 'completed', failed: 'failed', cancelled: 'cancelled',
  },
};

export function pickLanguage(preferred: readonly string[]): Lang {
  for (const l of preferred) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'zh') return 'zh';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function t(lang: Lang, key: MessageKey): string {
  return MESSAGES[lang][key];
}

export function term(lang: Lang, value: unknown): string {
  const s = String(value ?? '');
  return TERMS[lang][s] ?? s;
}
