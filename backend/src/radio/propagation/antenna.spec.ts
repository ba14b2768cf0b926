import { bearingDeg, eirpPerResourceElementDbm, horizontalAttenuation, resourceBlocks, rsrpDbm, sectorAttenuation, verticalAttenuation } from './antenna';

describe('3GPP sector antenna pattern (65° beamwidths, 30 dB caps)', () => {
  it('attenuates 3 dB at half the beamwidth off boresight and 12 dB at the full beamwidth', () => {
    expect(horizontalAttenuation(0)).toBe(0);
    expect(horizontalAttenuation(32.5)).toBeCloseTo(3, 9); // 12 (32.5/65)² = 3
    expect(horizontalAttenuation(-65)).toBeCloseTo(12, 9);
  });
  it('caps the back lobe at 30 dB and wraps angles', () => {
    expect(horizontalAttenuation(180)).toBe(30);
    expect(horizontalAttenuation(350)).toBeCloseTo(12 * (10 / 65) ** 2, 9); // 350° is 10° off
  });
  it('points the vertical beam down by the total tilt', () => {
    expect(verticalAttenuation(6, 6)).toBe(0);
    expect(verticalAttenuation(10, 6)).toBeCloseTo(12 * (4 / 65) ** 2, 9); // 0.0454 dB
    expect(verticalAttenuation(90, 0)).toBeCloseTo(12 * (90 / 65) ** 2, 9); // 23.006 dB: straight down, untilted
    expect(verticalAttenuation(120, 0)).toBe(30); // side-lobe cap
  });
  it('caps horizontal + vertical at 30 dB', () => {
    expect(sectorAttenuation(120, 60, 0)).toBe(30);
  });
  it('measures bearings clockwise from north', () => {
    expect(bearingDeg(0, 1)).toBe(0);
    expect(bearingDeg(1, 0)).toBe(90);
    expect(bearingDeg(0, -1)).toBe(180);
    expect(bearingDeg(-1, 0)).toBe(270);
  });
});

describe('link budget', () => {
  it('knows the carriers: 273 RB for NR 100 MHz at 30 kHz, 100 RB for LTE 20 MHz, 1 PRB for NB-IoT', () => {
    expect(resourceBlocks('5G', 100, 30)).toBe(273);
    expect(resourceBlocks('4G', 20, 15)).toBe(100);
    expect(resourceBlocks('NB-IoT', 0.2, 15)).toBe(1);
    expect(() => resourceBlocks('5G', 33, 30)).toThrow(/no 5G carrier/);
  });
  it('spreads EIRP over every subcarrier: 75 dBm over 3,276 REs is 39.847 dBm per RE', () => {
    expect(eirpPerResourceElementDbm(75, 273)).toBeCloseTo(75 - 10 * Math.log10(3276), 9);
    expect(eirpPerResourceElementDbm(75, 273)).toBeCloseTo(39.847, 3);
  });
  it('RSRP = EIRP per RE − path loss − attenuation', () => {
    expect(rsrpDbm(39.847, 131.835, 3)).toBeCloseTo(-94.988, 3);
  });
});
