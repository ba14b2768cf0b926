import { Module } from '@nestjs/common';
import { featureLayerController } from '../layers/feature-layer.controller';
import { KEY_SITE_LAYER } from './key-site.layer';

/** Hospitals, transport hubs, business districts, scenic areas… whose coverage the regulator tracks. */
@Module({ controllers: [featureLayerController(KEY_SITE_LAYER, 'key-sites')] })
export class KeySitesModule {}
