export * from './domain';
export * from './reactions/achievement-register.reactions';
