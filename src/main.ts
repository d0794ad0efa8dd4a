import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { TimeLimitedExpressAdapter } from './common/http-server.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { SEARCH_ENGINE, type SearchEngine } from './search/search-engine.js';

/** The application should run as a role that can only read and write rows (docs/security.md): say so when it does not. */
async function warnIfSchemaOwner(app: NestExpressApplication): Promise<void> {
  const [role]: { name: string; super: boolean; owns: boolean }[] = await app.get(DataSource).query(
    `SELECT current_user AS name, rolsuper AS super,
              EXISTS (SELECT 1 FROM pg_tables WHERE tableowner = current_user AND schemaname = 'public') AS owns
       FROM pg_roles WHERE rolname = current_user`,
  );
  if (role?.super || role?.owns) {
    new Logger('Database').warn(
      `The application connects as ${role.name}, ${role.super ? 'a superuser' : 'the owner of the tables'}: it could ` +
        'switch off the protection of validity events and the audit log. Give it its own role: run db:migrate ' +
        'with DATABASE_OWNER_URL set to the owner and DATABASE_URL to the application role (docs/security.md).',
    );
  }
}

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
  await warnIfSchemaOwner(app);
  await app.listen(config.PORT);
  // This process serves searches: the engine reads what makes them fast now, not at the first one.
  app.get<SearchEngine>(SEARCH_ENGINE).warmUp?.();
}

await bootstrap();
