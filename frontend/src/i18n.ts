/** One message catalogue per language; Chinese is the default when the browser asks for it. */
export const MESSAGES = {
  zh: {
    appTitle: 'Cosite 通信基础设施共享规划',
    health: '系统状态',
    districts: '中心城区',
    population: '常住人口',
    structures: '站址设施',
    up: '正常',
    down: '异常',
    apiDocs: '接口文档',
  },
  en: {
    appTitle: 'Cosite shared telecom infrastructure planner',
    health: 'System health',
    districts: 'Central districts',
    population: 'Residents',
    structures: 'Structures',
    up: 'up',
    down: 'down',
    apiDocs: 'API documentation',
  },
} as const;

export type Lang = keyof typeof MESSAGES;
export type MessageKey = keyof (typeof MESSAGES)['en'];

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
