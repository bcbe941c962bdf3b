import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs middleware steps in order as ONE Express layer. Express's router pays path matching,
 * parameter processing and prefix trimming for every `app.use` layer on every request; the
 * edge's steps all apply to every path, so chaining them here does the same work for less.
 * Semantics follow Express 5: `next(error)`, a throw or a rejected promise ends the chain and
 * goes to the error handler; a step that answers simply does not call `next`.
 */
export function pipeline(steps: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const fail = (error: unknown) => done(error ?? new Error('a pipeline step rejected without a reason'));
    const next: NextFunction = (error?: unknown) => {
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
