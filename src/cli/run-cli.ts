import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, loadDatabaseUrl } from '../config/app-config.js';
import { CliModule } from './cli.module.js';
import {
  annualReport,
  createUser,
  demoSeed,
  exportDocuments,
  importDocuments,
  migrate,
  syncProvince,
  searchReindex,
  UsageError,
  USAGE,
  validitySweep,
  type CliIo,
} from './commands.js';

/** Exit codes: 0 done, 1 failed, 2 done but some input was bad, 64 wrong usage, 78 bad configuration. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, env, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(e.message);
      return 78;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${(e as Error).message}\n\n${USAGE}`);
      return 64;
    }
    io.err(`error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

async function dispatch(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      count: { type: 'string' },
      'dry-run': { type: 'boolean' },
      date: { type: 'string' },
      issuer: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    io.out(USAGE);
    return command || values.help ? 0 : 64;
  }
  if (command === 'db:migrate') {
    await migrate(loadDatabaseUrl(env), io);
    return 0;
  }
  const known = [
    'users:create',
    'import',
    'export',
    'demo:seed',
    'sync:province',
    'validity:sweep',
    'report:annual',
    'search:reindex',
  ];
  if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(loadConfig(env)), {
    logger: ['error', 'warn'],
  });
  try {
    switch (command) {
      case 'users:create':
        await createUser(app, values, io);
        return 0;
      case 'import': {
        const report = await importDocuments(app, rest[0], io);
        return report.failed ? 2 : 0;
      }
      case 'export':
        await exportDocuments(app, rest[0], io);
        return 0;
      case 'sync:province':
        return await syncProvince(app, { dryRun: values['dry-run'] }, io);
      case 'validity:sweep':
        await validitySweep(app, values.date, io);
        return 0;
      case 'report:annual':
        return await annualReport(app, rest[0], values, io);
      case 'search:reindex':
        await searchReindex(app, io);
        return 0;
      default:
        await demoSeed(app, values.count, io);
        return 0;
    }
  } finally {
    await app.close();
  }
}
