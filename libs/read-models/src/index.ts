export * from './checkpoint.entity';
export * from './checkpoints';
export * from './page-unit-of-work';
export * from './projection';
export * from './projector';
export * from './data-source';
export * from './read-models.module';
export * from './resumable-subscription';
