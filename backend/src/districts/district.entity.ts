import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MultiPolygon, Polygon } from 'geojson';

@Entity('district')
export class DistrictEntity {
  @PrimaryColumn('integer') id: number;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('integer', { nullable: true }) population: number | null;
  @Column('smallint', { name: 'population_year', nullable: true }) populationYear: number | null;
  @Column('boolean', { name: 'is_core' }) isCore: boolean;
  @Column('geometry', { spatialFeatureType: 'MultiPolygon', srid: 4326, select: false }) geom: MultiPolygon;
}

/** Residents per H3 cell (resolution 9). */
@Entity('population_cell')
export class PopulationCellEntity {
  @PrimaryColumn('bigint') h3: string;
  @Column('smallint') resolution: number;
  @Column('integer', { name: 'district_id' }) districtId: number;
  @Column('integer') population: number;
  @Column('geometry', { spatialFeatureType: 'Polygon', srid: 4326, select: false }) geom: Polygon;
}
