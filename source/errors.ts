/** Errors users can act on: a message saying what went wrong and a hint saying what to do. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly hint = 'Run create-kedge-hub --help for the flags.') {
    super(message);
  }
}

export class StepError extends Error {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly hint?: string,
    readonly tail: string[] = [],
  ) {
    super(message);
  }
}

export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

export type ActionableError = UsageError | StepError | CancelledError;

export function isActionable(error: unknown): error is ActionableError {
  return error instanceof UsageError || error instanceof StepError || error instanceof CancelledError;
}
