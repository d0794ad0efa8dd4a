import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli/cli.module.js';
import {
  createUser,
  demoSeed,
  exportDocuments,
  importDocuments,
  migrate,
  syncProvince,
  UsageError,
  USAGE,
  type CliIo,
} from './cli/commands.js';
import { ConfigError, loadConfig, loadDatabaseUrl } from './config/app-config.js';

const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

async function main(argv: string[]): Promise<number> {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    io.out(USAGE);
    return command || values.help ? 0 : 64;
  }
  if (command === 'db:migrate') {
    await migrate(loadDatabaseUrl(process.env), io);
    return 0;
  }
  const known = ['users:create', 'import', 'export', 'demo:seed', 'sync:province'];
  if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(loadConfig(process.env)), {
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
        await exportDocuments(app, rest[0]);
        return 0;
      case 'sync:province':
        return await syncProvince(app, { dryRun: values['dry-run'] }, io);
      default:
        await demoSeed(app, values.count, io);
        return 0;
    }
  } finally {
    await app.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ConfigError) {
    io.err(e.message);
    process.exitCode = 78;
  } else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.err(`error: ${(e as Error).message}\n\n${USAGE}`);
    process.exitCode = 64;
  } else {
    io.err(`error: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  }
}
