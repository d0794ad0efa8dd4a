import { cliDataSource } from './data-source.js';

/** Entry point for the TypeORM CLI only: `typeorm -d dist/database/typeorm-cli.data-source.js …`. */
export default cliDataSource();
