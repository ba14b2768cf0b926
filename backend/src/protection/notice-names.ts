/**
 * Names, in Chinese and English, of what a printed protection notice lists: the works' activities and the kinds of
 * facility (the notice is read on paper, so it carries words, never codes like `digging` or `duct`). The map UI's
 * catalogue (frontend/src/i18n.ts terms) holds the same words.
 */
export const NOTICE_NAMES: Record<string, { zh: string; en: string }> = {
  building: { zh: '建筑物、构筑物施工', en: 'building works' },
  transport_works: { zh: '车站、道路、铁路、桥梁、隧道等施工', en: 'transport works (stations, roads, rail, bridges, tunnels)' },
  water_works: { zh: '水利工程', en: 'water works' },
  utility_line_laying: { zh: '敷设电力、通信、燃气、给排水等管线', en: 'laying power, telecom, gas or water lines' },
  underwater_works: { zh: '水下作业', en: 'underwater works' },
  blasting: { zh: '爆破', en: 'blasting' },
  mining: { zh: '采矿', en: 'mining' },
  hazardous_plant: { zh: '易燃易爆、腐蚀性物品生产设施', en: 'flammable or corrosive goods plant' },
  burning: { zh: '烧荒', en: 'burning' },
  kiln: { zh: '建窑', en: 'kiln' },
  pile_driving: { zh: '打桩', en: 'pile-driving' },
  pipe_jacking: { zh: '顶管', en: 'pipe-jacking' },
  flammable_storage: { zh: '堆放易燃易爆物品', en: 'storing flammables' },
  corrosive_dumping: { zh: '倾倒腐蚀性废物', en: 'dumping corrosive waste' },
  digging: { zh: '取土挖沙', en: 'digging sand or earth' },
  ditch_or_well: { zh: '挖沟、打井', en: 'ditches or wells' },
  planting: { zh: '种植树木', en: 'planting' },
  septic_tank: { zh: '修建化粪池', en: 'septic tank' },
  animal_pen: { zh: '修建畜禽圈舍', en: 'animal pen' },
  biogas_pit: { zh: '修建沼气池', en: 'biogas pit' },
  anchoring_trawling_dredging: { zh: '抛锚、拖网、挖沙', en: 'anchoring, trawling, dredging' },
  attaching_or_climbing: { zh: '搭挂或攀爬设施', en: 'attaching to or climbing facilities' },
  buried_duct: { zh: '地下管道', en: 'buried duct' },
  buried_cable: { zh: '直埋光缆', en: 'buried cable' },
  aerial_line: { zh: '架空线路', en: 'aerial line' },
  tower: { zh: '铁塔', en: 'tower' },
  equipment_room: { zh: '机房', en: 'equipment room' },
  submarine_cable: { zh: '水底光缆', en: 'submarine cable' },
  duct: { zh: '管道', en: 'duct' },
  pole_line: { zh: '杆路', en: 'pole line' },
  aerial_cable: { zh: '架空光缆', en: 'aerial cable' },
  lattice_tower: { zh: '角钢塔', en: 'lattice tower' },
  monopole: { zh: '单管塔', en: 'monopole' },
  camouflaged_tower: { zh: '美化塔', en: 'camouflaged tower' },
  rooftop: { zh: '楼顶站', en: 'rooftop' },
  street_lamp_pole: { zh: '路灯杆', en: 'street-lamp pole' },
  utility_pole: { zh: '电力杆', en: 'utility pole' },
  traffic_sign_pole: { zh: '交通标志杆', en: 'traffic/sign pole' },
  camera_pole: { zh: '监控杆', en: 'camera pole' },
  smart_pole: { zh: '智慧杆', en: 'smart pole' },
  indoor_distribution: { zh: '室内分布', en: 'indoor system' },
  LineString: { zh: '线状工程', en: 'works line' },
  Polygon: { zh: '面状工程', en: 'works area' },
};

/** A code as "中文 English" for the bilingual notice; an unknown code stays as it is. */
export const noticeName = (code: string | null | undefined): string => {
  const n = code ? NOTICE_NAMES[code] : undefined;
  return n ? `${n.zh} ${n.en}` : String(code ?? '');
};

/** An article as both languages read it: "art. 21 (…)" → "第21条 art. 21 (…)". */
export const noticeArticle = (article: string | null | undefined): string => {
  const m = /^art\. (\d+)/.exec(article ?? '');
  return m ? `第${m[1]}条 ${article}` : String(article ?? '');
};
