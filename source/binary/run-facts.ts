import type { RunState } from '../steps/step.js';

/** What the binary target's steps learn in a run, kept beside RunState so the shared type stays Helm's. */
export interface BinaryRunFacts {
  /** The hub process started from the hub directory: found running, or started by this run. */
  pid?: number;
  /** This run started (or restarted) it. */
  started?: boolean;
  /** Something create-kedge-hub did not start holds the hub's port: the user restarts it. */
  foreign?: boolean;
  unitWritten?: boolean;
}

const factsByRun = new WeakMap<RunState, BinaryRunFacts>();

export function binaryFacts(state: RunState): BinaryRunFacts {
  let facts = factsByRun.get(state);
  if (!facts) {
    facts = {};
    factsByRun.set(state, facts);
  }
  return facts;
}
