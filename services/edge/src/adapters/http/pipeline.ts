import type { IncomingMessage, ServerResponse } from 'node:http';

export type Next = (error?: unknown) => void;

/**
 * One step of the edge's pipeline. Steps see Node's own request and response (never Express's
 * decorated ones), so proxied requests never pay for Express; Express mounts them unchanged.
 */
export type Step = (req: IncomingMessage, res: ServerResponse, next: Next) => unknown;

export type ErrorStep = (error: unknown, req: IncomingMessage, res: ServerResponse, next: Next) => void;

/**
 * Runs steps in order. Express semantics: `next(error)`, a throw or a rejected promise ends the
 * chain and goes to `done(error)`; a step that answers simply does not call `next`.
 */
export function pipeline(steps: Step[]): (req: IncomingMessage, res: ServerResponse, done: Next) => void {
  return (req, res, done) => {
    let index = 0;
    const fail = (error: unknown) => done(error ?? new Error('a pipeline step rejected without a reason'));
    const next: Next = (error?: unknown) => {
      if (error !== undefined && error !== null) return fail(error);
      const step = steps[index];
      index += 1;
      if (!step) return done();
      try {
        const result: unknown = step(req, res, next);
        if (result instanceof Promise) result.catch(fail);
      } catch (thrown) {
        fail(thrown);
      }
    };
    next();
  };
}
