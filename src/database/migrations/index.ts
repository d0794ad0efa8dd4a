import { CreateCatalogue1795844944744 } from './1795844944744-create-catalogue.js';

/** Every migration in order, listed explicitly (a glob of .ts files does not load under Vitest). */
export const MIGRATIONS = [CreateCatalogue1795844944744];
