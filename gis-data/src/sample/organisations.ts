/**
 * The organisations of the sample city. Operators and the tower company are real; ids are Cosite's. Contacts are the
 * public service hotlines (what a works permit applicant would be told to call), not personal numbers.
 */
export const ORGANISATIONS = [
  { id: 'china-mobile', contact: '10086', kind: 'operator', nameZh: '中国移动重庆公司', nameEn: 'China Mobile Chongqing' },
  { id: 'china-telecom', contact: '10000', kind: 'operator', nameZh: '中国电信重庆分公司', nameEn: 'China Telecom Chongqing' },
  { id: 'china-unicom', contact: '10010', kind: 'operator', nameZh: '中国联通重庆分公司', nameEn: 'China Unicom Chongqing' },
  { id: 'china-broadnet', contact: '10099', kind: 'operator', nameZh: '中国广电重庆公司', nameEn: 'China Broadcast Network Chongqing' },
  { id: 'china-tower', contact: '10096', kind: 'tower_company', nameZh: '中国铁塔重庆市分公司', nameEn: 'China Tower Chongqing' },
  { id: 'cq-comms-admin', contact: '12300', kind: 'regulator', nameZh: '重庆市通信管理局', nameEn: 'Chongqing Communications Administration' },
  { id: 'cq-planning', contact: '12345', kind: 'planning_bureau', nameZh: '重庆市规划和自然资源局', nameEn: 'Chongqing Planning and Natural Resources Bureau' },
  { id: 'cosite-admin', contact: 'admin@cosite.local', kind: 'administrator', nameZh: 'Cosite 管理员', nameEn: 'Cosite administrators' },
  { id: 'cq-lighting', contact: '12345', kind: 'municipal_department', nameZh: '重庆市城市照明管理处', nameEn: 'Chongqing Street Lighting Office' },
  { id: 'cq-traffic-police', contact: '122', kind: 'municipal_department', nameZh: '重庆市公安局交通管理局', nameEn: 'Chongqing Traffic Police' },
  { id: 'cq-public-security', contact: '110', kind: 'municipal_department', nameZh: '重庆市公安局', nameEn: 'Chongqing Public Security Bureau' },
  { id: 'state-grid-cq', contact: '95598', kind: 'municipal_department', nameZh: '国网重庆市电力公司', nameEn: 'State Grid Chongqing' },
] as const;

export const OPERATOR_IDS = ['china-mobile', 'china-telecom', 'china-unicom', 'china-broadnet'] as const;
export type OperatorId = (typeof OPERATOR_IDS)[number];
