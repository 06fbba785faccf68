// The public domain entry point of the annual report (R14): its figures, events and decider.
// Imported as '@chengguo/annual-report/domain'.
export * from './annual-report.decider';
export * from './annual-report.events';
export * from './annual-report.figures';
