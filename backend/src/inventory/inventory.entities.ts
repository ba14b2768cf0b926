import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Point, LineString } from 'geojson';

/** Table mappings (migrations own the schema; reads and writes of features go through FeatureStore). */
@Entity('structure')
export class StructureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true, unique: true }) code: string | null;
  @Column('text') name: string;
  @Column('text') kind: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('numeric', { name: 'height_m' }) heightM: string;
  @Column('numeric', { name: 'ground_elevation_m', nullable: true }) groundElevationM: string | null;
  @Column('integer', { name: 'slots_total' }) slotsTotal: number;
  @Column('numeric', { name: 'load_capacity_kg', nullable: true }) loadCapacityKg: string | null;
  @Column('numeric', { name: 'wind_area_m2', nullable: true }) windAreaM2: string | null;
  @Column('text', { name: 'build_form' }) buildForm: string;
  @Column('text') status: string;
  @Column('date', { name: 'built_on', nullable: true }) builtOn: string | null;
  @Column('boolean', { name: 'public_institution' }) publicInstitution: boolean;
  @Column('text', { nullable: true }) address: string | null;
  @Column('integer', { name: 'district_id', nullable: true }) districtId: number | null;
  @Column('text') source: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('geometry', { spatialFeatureType: 'Point', srid: 4326, select: false }) geom: Point;
}

@Entity('tenancy')
export class TenancyEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true, unique: true }) code: string | null;
  @Column('bigint', { name: 'structure_id' }) structureId: string;
  @Column('text', { name: 'operator_id' }) operatorId: string;
  @Column('text') technology: string;
  @Column('integer', { name: 'band_mhz' }) bandMhz: number;
  @Column('numeric', { name: 'antenna_height_m' }) antennaHeightM: string;
  @Column('numeric', { name: 'azimuth_deg', nullable: true }) azimuthDeg: string | null;
  @Column('smallint', { name: 'sector_count' }) sectorCount: number;
  @Column('numeric', { name: 'mech_tilt_deg' }) mechTiltDeg: string;
  @Column('numeric', { name: 'elec_tilt_deg' }) elecTiltDeg: string;
  @Column('numeric', { name: 'eirp_dbm' }) eirpDbm: string;
  @Column('integer', { name: 'slots_used' }) slotsUsed: number;
  @Column('numeric', { name: 'load_kg' }) loadKg: string;
  @Column('text') status: string;
  @Column('text') source: string;
}

@Entity('route')
export class RouteEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column('text', { nullable: true, unique: true }) code: string | null;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text') kind: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('text', { name: 'capacity_unit' }) capacityUnit: string;
  @Column('integer', { name: 'capacity_total' }) capacityTotal: number;
  @Column('integer', { name: 'capacity_used' }) capacityUsed: number;
  @Column('text') status: string;
  @Column('text') source: string;
  @Column({ type: 'double precision', name: 'length_m', insert: false, update: false }) lengthM: number;
  @Column('geometry', { spatialFeatureType: 'LineString', srid: 4326, select: false }) geom: LineString;
}

@Entity('route_tenant')
export class RouteTenantEntity {
  @PrimaryColumn('bigint', { name: 'route_id' }) routeId: string;
  @PrimaryColumn('text', { name: 'operator_id' }) operatorId: string;
  @Column('integer', { name: 'units_used' }) unitsUsed: number;
}
