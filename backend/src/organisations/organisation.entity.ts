import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') kind: string;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('text', { name: 'name_en' }) nameEn: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
