/** Messages and terms of the navigation area (see ../i18n.ts, which merges every area's catalogue into one per language). */
export const zh = {
  navOutsideMunicipality: '位于重庆市域外，未移动地图',
  navPlanHere: '在此规划',
  navClearSearch: '清除搜索结果',
  navClosedDetail: '已关闭详情',
  navClosedPanel: '已关闭面板',
  navMapLabel: '地图：方向键移动，+/- 缩放；规划时按 Enter 或 P 在地图中心放置需求点',
  navPinPlaced: '需求点已放在地图中心：',
  navHideClass: '点击在地图上隐藏此类',
  navShowClass: '点击在地图上显示此类',
} as const;
export const en: Record<keyof typeof zh, string> = {
  navOutsideMunicipality: 'lies outside Chongqing; the map stays where it is',
  navPlanHere: 'Plan here',
  navClearSearch: 'Clear the search result',
  navClosedDetail: 'Details closed',
  navClosedPanel: 'Panel closed',
  navMapLabel: 'Map: arrows move it, +/- zoom; while planning, Enter or P places the demand point at the centre',
  navPinPlaced: 'Demand point placed at the map centre:',
  navHideClass: 'Click to hide this class on the map',
  navShowClass: 'Click to show this class on the map',
};
export const terms: { zh: Record<string, string>; en: Record<string, string> } = { zh: {}, en: {} };
