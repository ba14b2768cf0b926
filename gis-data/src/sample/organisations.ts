/** The organisations of the sample city. Operators and the tower company are real; ids are Cosite's. */
export const ORGANISATIONS = [
  { id: 'china-mobile', kind: 'operator', nameZh: '中国移动重庆公司', nameEn: 'China Mobile Chongqing' },
  { id: 'china-telecom', kind: 'operator', nameZh: '中国电信重庆分公司', nameEn: 'China Telecom Chongqing' },
  { id: 'china-unicom', kind: 'operator', nameZh: '中国联通重庆分公司', nameEn: 'China Unicom Chongqing' },
  { id: 'china-broadnet', kind: 'operator', nameZh: '中国广电重庆公司', nameEn: 'China Broadcast Network Chongqing' },
  { id: 'china-tower', kind: 'tower_company', nameZh: '中国铁塔重庆市分公司', nameEn: 'China Tower Chongqing' },
  { id: 'cq-comms-admin', kind: 'regulator', nameZh: '重庆市通信管理局', nameEn: 'Chongqing Communications Administration' },
  { id: 'cq-planning', kind: 'planning_bureau', nameZh: '重庆市规划和自然资源局', nameEn: 'Chongqing Planning and Natural Resources Bureau' },
  { id: 'cosite-admin', kind: 'administrator', nameZh: 'Cosite 管理员', nameEn: 'Cosite administrators' },
  { id: 'cq-lighting', kind: 'municipal_department', nameZh: '重庆市城市照明管理处', nameEn: 'Chongqing Street Lighting Office' },
  { id: 'cq-traffic-police', kind: 'municipal_department', nameZh: '重庆市公安局交通管理局', nameEn: 'Chongqing Traffic Police' },
  { id: 'cq-public-security', kind: 'municipal_department', nameZh: '重庆市公安局', nameEn: 'Chongqing Public Security Bureau' },
  { id: 'state-grid-cq', kind: 'municipal_department', nameZh: '国网重庆市电力公司', nameEn: 'State Grid Chongqing' },
] as const;

export const OPERATOR_IDS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'] as const;
export type OperatorId = (typeof OPERATOR_IDS)[number];
