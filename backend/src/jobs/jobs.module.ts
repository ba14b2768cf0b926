import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig, redisConnection } from '../config/config';
import { QueueName } from './queues';

/** BullMQ on Redis, with the queues every process may enqueue to. Workers live in WorkerModule. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: redisConnection(config.redis.url),
        prefix: config.queue.prefix,
        defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 },
      }),
    }),
    BullModule.registerQueue(
      { name: QueueName.Imports },
      { name: QueueName.Coverage },
      { name: QueueName.Colocation },
      { name: QueueName.Poles },
      { name: QueueName.Plans },
    ),
  ],
  exports: [BullModule],
})
export class JobsModule {}
