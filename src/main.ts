import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { TimeLimitedExpressAdapter } from './common/http-server.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { SEARCH_ENGINE, type SearchEngine } from './search/search-engine.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  // Bodies are read by the routes themselves, within their limits (common/request-body.ts).
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    new TimeLimitedExpressAdapter(config),
    { bufferLogs: true, bodyParser: false },
  );
  configureApp(app);
  await app.listen(config.PORT);
  // This process serves searches: the engine reads what makes them fast now, not at the first one.
  app.get<SearchEngine>(SEARCH_ENGINE).warmUp?.();
}

await bootstrap();
