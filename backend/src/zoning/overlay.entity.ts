import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MultiPolygon } from 'geojson';

@Entity('overlay')
export class OverlayEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true, unique: true }) code: string | null;
  @Column('text') kind: string;
  @Column('text') name: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('text') authority: string;
  @Column('date', { name: 'valid_from', nullable: true }) validFrom: string | null;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('text') source: string;
  @Column('geometry', { spatialFeatureType: 'MultiPolygon', srid: 4326, select: false }) geom: MultiPolygon;
}
