import { describe, expect, it } from 'vitest';
import { importFields } from '@cosite/contracts';
import { draftToMapping, guessDraft, mappingToDraft, missingRequired, rejectsCsv } from './mapping';

const fields = importFields('structures');
const inventory = {
  hasGeometry: false,
  columns: ['站址编码', '站址名称', '塔型', '产权单位', '塔高(米)', '经度', '纬度'].map((name) => ({ name, samples: [] })),
};

describe('the mapping built in the Import panel', () => {
  it('recognises a Chinese inventory’s columns, and the point columns of a table', () => {
    const d = guessDraft(inventory, fields);
    expect(d.fields.code?.from).toBe('站址编码');
    expect(d.fields.name?.from).toBe('站址名称');
    expect(d.fields.kind?.from).toBe('塔型');
    expect(d.fields.ownerId?.from).toBe('产权单位');
    expect(d.fields.heightM?.from).toBe('塔高(米)');
    expect([d.x, d.y]).toEqual(['经度', '纬度']);
    // what no column gives is still missing
    expect(missingRequired(d, fields)).toEqual(['slotsTotal', 'buildForm']);
  });

  it('becomes the API’s mapping: value maps, typed constants, units, the point columns; empty entries left out', () => {
    const m = draftToMapping(
      {
        fields: {
          kind: { from: '塔型', values: { 铁塔: 'lattice_tower', 砖塔: '' } },
          slotsTotal: { constant: '3' },
          heightM: { from: '塔高', unit: 'cm' },
          buildForm: { constant: 'standalone' },
          address: {},
        },
        x: '经度',
        y: '纬度',
      },
      fields,
    );
    expect(m).toEqual({
      fields: {
        kind: { from: '塔型', values: { 铁塔: 'lattice_tower' } },
        slotsTotal: { constant: 3 },
        heightM: { from: '塔高', unit: 'cm' },
        buildForm: { constant: 'standalone' },
      },
      geometry: { x: '经度', y: '纬度' },
    });
    expect(draftToMapping(mappingToDraft(m), fields)).toEqual(m);
  });

  it('writes the refused rows as a CSV Excel opens in Chinese', () => {
    expect(rejectsCsv([{ line: 5, field: 'properties.kind', problem: 'must be one of a, b; got "砖塔"' }])).toBe(
      '\uFEFFline,field,problem\r\n5,properties.kind,"must be one of a, b; got ""砖塔"""\r\n',
    );
  });
});
