import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CommonModule } from '../common/common.module.js';
import type { AppConfig } from '../config/app-config.js';
import { AppConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { DemoModule } from '../demo/demo.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { ProvinceSyncCoreModule } from '../province-sync/province-sync-core.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { ValidityModule } from '../validity/validity.module.js';
import { SearchReindexModule } from '../search/search.module.js';

/** What the command line needs: the services, without the HTTP server. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        OutboxModule,
        AuthModule,
        DocumentsModule,
        DemoModule,
        ProvinceSyncCoreModule,
        ValidityModule,
        ReportsModule,
        SearchReindexModule,
      ],
    };
  }
}
