import { z } from 'zod';
import { ORGANISATION_KINDS } from './enums';

/** Districts (with census population and what the inventory holds in each) and the organisations of the city. */

export const districtListQuery = z.object({
  core: z.enum(['true', 'false'], { error: 'must be true or false' }).optional().meta({ description: 'true: only the nine central districts' }),
  geometry: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').meta({ description: 'true to include boundaries (large)' }),
});
export type DistrictListQuery = z.output<typeof districtListQuery>;

/** A district's adcode. */
export const districtId = z.coerce.number().int().min(100000).max(999999).meta({ description: 'the district adcode, e.g. 500103' });

export const districtProperties = z.object({
  adcode: z.number().int(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  population: z.number().int().nullable(),
  populationYear: z.number().int().nullable(),
  core: z.boolean().meta({ description: 'one of the nine central districts' }),
  areaKm2: z.number(),
  structures: z.number().int().meta({ description: 'structures standing in the district' }),
  populationOnCells: z.number().nullable().meta({ description: 'residents on its H3 population cells' }),
});

export const districtFeature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z
    .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.any()) })
    .nullable()
    .meta({ description: 'the boundary (null in a list without ?geometry=true)' }),
  properties: districtProperties,
});
export type DistrictFeature = z.infer<typeof districtFeature>;

export const districtCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(districtFeature) });
export type DistrictCollection = z.infer<typeof districtCollection>;

export const organisation = z.object({ id: z.string(), kind: z.enum(ORGANISATION_KINDS), nameZh: z.string(), nameEn: z.string() });
export type Organisation = z.infer<typeof organisation>;
export const organisationList = z.array(organisation);
