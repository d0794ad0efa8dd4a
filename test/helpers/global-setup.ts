import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { adminQuery, TEMPLATE_DB, urlFor } from './test-database.js';

/** Builds the template database once per run by applying the real migrations. */
export default async function setup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  const ds = new DataSource(dataSourceOptions(urlFor(TEMPLATE_DB)));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
}
