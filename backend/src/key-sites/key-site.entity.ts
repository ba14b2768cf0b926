import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Geometry } from 'geojson';

@Entity('key_site')
export class KeySiteEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true, unique: true }) code: string | null;
  @Column('text') category: string;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn: string | null;
  @Column('text', { name: 'coordinate_quality' }) coordinateQuality: string;
  @Column('text') source: string;
  @Column('geometry', { srid: 4326, select: false }) geom: Geometry;
}
