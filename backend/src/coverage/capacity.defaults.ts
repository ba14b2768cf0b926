import type { LoadTechnology } from '@cosite/contracts';

/**
 * Sector load (issue 17): busy-hour demand from residents, as data, each with where it comes from. Every value is
 * approximate (national figures applied to one city) and overridable per request (penetration, busyHourMbps,
 * thresholdPct).
 */
export const LOAD_DEFAULTS = {
  /** Users of the technology per resident, all operators together. */
  penetration: {
    '5G': {
      value: 0.72,
      source: 'approximate: MIIT 2024 statistical bulletin, 5G mobile phone users 10.14亿 ÷ population 14.08亿 (NBS 2024) ≈ 0.72 per resident',
    },
    '4G': {
      value: 0.55,
      source: 'approximate: MIIT 2024, mobile phone users not yet on 5G (≈ 7.8亿 of 17.9亿) ÷ population 14.08亿 ≈ 0.55 per resident',
    },
  } satisfies Record<LoadTechnology, { value: number; source: string }>,
  /**
   * Average downlink rate of one user in the busy hour: 18.6 GB/month × 8 bit ÷ 30 days × 7 % of a day's traffic in
   * the busy hour ÷ 3600 s = 0.0964 Mbit/s.
   */
  busyHourMbps: {
    value: 0.0964,
    source: 'approximate: MIIT 2024 mobile DOU ≈ 18.6 GB per user per month; 18.6e9 × 8 bit ÷ 30 days × 7 % busy-hour share ÷ 3600 s ≈ 0.096 Mbit/s per user',
  },
  /** Utilisation above which a sector is overloaded. */
  thresholdPct: {
    value: 80,
    source: 'a common busy-hour PRB-utilisation expansion trigger (operators plan a new carrier or sector above ≈ 80 %)',
  },
} as const;

/** Mobile users per operator (millions), whose shares split a cell's users among the operators. */
const MOBILE_USERS_M: Record<string, { users: number; source: string }> = {
  'china-mobile': { users: 1004, source: 'China Mobile 2024 annual report: ≈ 1,004 M mobile customers' },
  'china-telecom': { users: 425, source: 'China Telecom 2024 annual report: ≈ 425 M mobile subscribers' },
  'china-unicom': { users: 341, source: 'China Unicom 2024 annual report: ≈ 341 M mobile subscribers' },
  'china-broadnet': { users: 25, source: 'China Broadnet 2024: ≈ 25 M mobile users (press figures)' },
};

const totalUsers = Object.values(MOBILE_USERS_M).reduce((a, o) => a + o.users, 0);

/**
 * Each operator's share of the mobile users (national, 2024), applied to every technology alike: approximate, since
 * a city's shares differ and China Broadnet runs no LTE (its 1.4 % of 4G users are then simply not counted).
 */
export const MARKET_SHARE: Record<string, { value: number; source: string }> = Object.fromEntries(
  Object.entries(MOBILE_USERS_M).map(([id, o]) => [
    id,
    { value: Math.round((o.users / totalUsers) * 10_000) / 10_000, source: `approximate: ${o.source}, of ${totalUsers} M users of the four operators` },
  ]),
);
