import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';

/** The audit log: written by database triggers (and logins explicitly), read by admins. */
@Global()
@Module({ controllers: [AuditController], providers: [AuditRepository], exports: [AuditRepository] })
export class AuditModule {}
