import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { userInfo } from 'node:os';
import { runInContext } from '../common/request-context.js';
import { ConfigError, loadConfig, loadDatabaseUrl } from '../config/app-config.js';
import { CliModule } from './cli.module.js';
import {
  annualReport,
  CommandFailed,
  createUser,
  demoSeed,
  manageUser,
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
    if (e instanceof CommandFailed) return 1;
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
      'generate-password': { type: 'boolean' },
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
    const application = loadDatabaseUrl(env);
    const owner = env.DATABASE_OWNER_URL ? loadDatabaseUrl({ DATABASE_URL: env.DATABASE_OWNER_URL }) : application;
    await migrate({ owner, application }, io);
    return 0;
  }
  const known = [
    'users:create',
    ...USER_COMMANDS,
    'import',
    'export',
    'demo:seed',
    'sync:province',
    'validity:sweep',
    'report:annual',
    'search:reindex',
  ];
  if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
  // Maintenance that changes tables (search:reindex rebuilds the index's) runs as the schema's owner.
  const asOwner = OWNER_COMMANDS.includes(command) && env.DATABASE_OWNER_URL;
  const config = loadConfig(asOwner ? { ...env, DATABASE_URL: env.DATABASE_OWNER_URL } : env);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  // Every write the command makes is audited under the operator's system user.
  return runInContext({ source: 'cli', writes: true, operator: operator() }, () => run(app, command, rest, values, io));
}

const USER_COMMANDS = ['users:disable', 'users:enable', 'users:set-role', 'users:reset-password', 'users:unlock'];
const OWNER_COMMANDS = ['search:reindex'];

function operator(): string {
  try {
    return `${userInfo().username} (command line)`;
  } catch {
    return '(command line)';
  }
}

async function run(
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
  command: string,
  rest: string[],
  values: Parameters<typeof createUser>[1] & {
    count?: string;
    'dry-run'?: boolean;
    date?: string;
    issuer?: string;
    format?: string;
  },
  io: CliIo,
): Promise<number> {
  try {
    switch (command) {
      case 'users:create':
        await createUser(app, values, io);
        return 0;
      case 'users:disable':
      case 'users:enable':
      case 'users:set-role':
      case 'users:reset-password':
      case 'users:unlock':
        await manageUser(app, command, values, io);
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
