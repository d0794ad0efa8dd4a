import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { grantApplicationRole } from '../../src/database/database-roles.js';
import { adminQuery, TEMPLATE_DB, TEST_APP_ROLE, urlFor } from './test-database.js';

/** Builds the template database once per run by applying the real migrations. */
export default async function setup(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  const ds = new DataSource(dataSourceOptions(urlFor(TEMPLATE_DB)));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  // As db:migrate does: the application role's rights travel with every database cloned from the template.
  await grantApplicationRole(ds, urlFor(TEMPLATE_DB, TEST_APP_ROLE));
  await ds.destroy();
}
