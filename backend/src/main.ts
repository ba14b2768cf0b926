import { createApi } from './bootstrap';
import { APP_CONFIG } from './config/config.module';
import { type AppConfig, ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  loadConfig(); // fail fast, with the variable named, before anything connects
  const app = await createApi();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.http.port, config.http.host);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
