/** Messages and terms of the forms area (see ../i18n.ts, which merges every area's catalogue into one per language). */
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
export const terms: { zh: Record<string, string>; en: Record<string, string> } = { zh: {}, en: {} };
