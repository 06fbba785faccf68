import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** Auditor replay over HTTP (the event-store port comes from the global EventStoreModule). */
@Module({ controllers: [AuditController] })
export class AuditModule {}
