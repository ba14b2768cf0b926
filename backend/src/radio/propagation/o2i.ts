/**
 * Outdoor-to-indoor penetration loss, 3GPP TR 38.901 V17 §7.4.3.1 (Table 7.4.3-1 and -2), pure functions.
 * PL_tw = 5 − 10·log10(Σ p_i·10^(−L_i/10)); low-loss: 30 % standard glass (2 + 0.2 f) and 70 % concrete (5 + 4 f);
 * high-loss: 70 % IRR glass (23 + 0.3 f) and 30 % concrete; f in GHz. PL_in = 0.5·d_2D-in with d_2D-in the minimum of
 * two uniform draws on 0–25 m (UMa/UMi), mean 25/3 m: the median planning value uses that mean, 4.2 dB.
 */
import { O2I_MODELS, type O2iModel } from '@cosite/contracts';

/** The models' names are the API's vocabulary (@cosite/contracts coverage.ts). */
export { O2I_MODELS, type O2iModel };

const MEAN_INDOOR_DISTANCE_M = 25 / 3;

export function o2iLossDb(frequencyMHz: number, model: O2iModel): number {
  const f = frequencyMHz / 1000;
  const glass = 2 + 0.2 * f;
  const irrGlass = 23 + 0.3 * f;
  const concrete = 5 + 4 * f;
  const mix =
    model === 'low-loss'
      ? [
          [0.3, glass],
          [0.7, concrete],
        ]
      : [
          [0.7, irrGlass],
          [0.3, concrete],
        ];
  const tw = 5 - 10 * Math.log10(mix.reduce((s, [p, l]) => s + p * 10 ** (-l / 10), 0));
  return tw + 0.5 * MEAN_INDOOR_DISTANCE_M;
}
