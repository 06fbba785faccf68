import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RunCommandHandler } from './run-command';

/**
 * Registers the one command handler once: every process module imports this module, and Nest
 * instantiates a module once however often it is imported (a handler listed by several modules
 * would be registered several times).
 */
@Module({ imports: [CqrsModule], providers: [RunCommandHandler] })
export class CommandPathModule {}
