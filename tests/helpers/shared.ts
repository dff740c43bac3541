/** ../shared exists in CI and on developers' machines, not in a user's clone: tests that need it skip. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SHARED = path.resolve(__dirname, '../../../shared');
export const hasShared = existsSync(path.join(SHARED, 'SPEC.md'));
export const SKIP_REASON = 'skipped: ../shared (seed data, real workbook, schemas) is not beside this clone';
export const sharedPath = (...p: string[]) => path.join(SHARED, ...p);
/** A test's name that says why it is skipped where ../shared is not there. */
export const withShared = (name: string) => (hasShared ? name : `${name} (${SKIP_REASON})`);
export const EXAMPLE = path.resolve(__dirname, '../../examples/ecommerce-2024.xlsx');

if (!hasShared) console.warn(SKIP_REASON);
