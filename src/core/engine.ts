/**
 * What a face supplies to solve a problem: worker threads in Node (the CLI), Web Workers in the
 * browser (the pane, the standalone page). The core builds the problem and reads the answer; where and
 * with which engine the solve runs is the face's business.
 */

import type { OptProblem } from './optimizer/problem';
import type { RawSolution } from './optimizer/optimize';

export interface SolveAttempt {
  backend: 'jslp' | 'highs';
  outcome: string;
  seconds: number;
}

export interface EngineAnswer {
  solution: RawSolution | null;
  attempts: SolveAttempt[];
  /** The user cancelled: no answer, and none is expected. */
  cancelled?: boolean;
}

export interface SolveEngine {
  solve(problem: OptProblem, timeLimitSec: number, signal?: AbortSignal): Promise<EngineAnswer>;
}
