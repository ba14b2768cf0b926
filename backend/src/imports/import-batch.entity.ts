import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RowReject } from '../layers/layer-spec';

@Entity('import_batch')
export class ImportBatchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') layer: string;
  @Column('text') format: string;
  @Column('text') crs: string;
  @Column('text') status: 'queued' | 'running' | 'completed' | 'failed';
  @Column('text', { nullable: true, select: false }) payload: string | null;
  /** The file as uploaded, until the worker has loaded it. */
  @Column('bytea', { nullable: true, select: false }) upload: Buffer | null;
  /** Repair invalid polygons with ST_MakeValid (asked with ?repair=true). */
  @Column('boolean') repair: boolean;
  @Column('integer', { name: 'rows_total', nullable: true }) rowsTotal: number | null;
  @Column('integer', { name: 'rows_loaded', nullable: true }) rowsLoaded: number | null;
  @Column('integer', { name: 'rows_rejected', nullable: true }) rowsRejected: number | null;
  @Column('jsonb') rejects: (RowReject & { line?: number })[];
  @Column('text', { nullable: true }) error: string | null;
  @Column('integer') attempts: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
}
