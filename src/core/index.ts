/** The pure core: grid → plan → findings (→ optimized patch). No DOM, no Office, no Node. */
export * from './grid';
export * from './message';
export * from './plan';
export * from './rules';
export * from './checker';
export { readPlan, readWorkbook, MAX_SEMESTERS } from './reader';
export type { ReadOptions, ReadResult, ReadSuccess, ReadFailure, WorkbookRead, ColumnMapping } from './reader';
