import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pipeline } from './pipeline';

function run(steps: RequestHandler[]): Promise<{ outcome: 'done' | 'error' | 'answered'; error?: unknown; trace: string[] }> {
  const trace: string[] = [];
  const res = { trace } as unknown as Response;
  return new Promise((resolve) => {
    const done: NextFunction = (error?: unknown) => resolve(error ? { outcome: 'error', error, trace } : { outcome: 'done', trace });
    pipeline(steps)({} as Request, res, done);
    setImmediate(() => resolve({ outcome: 'answered', trace }));
  });
}

const step = (name: string): RequestHandler => (_req, res, next) => {
  (res as unknown as { trace: string[] }).trace.push(name);
  next();
};

describe('pipeline (the edge steps as one Express layer)', () => {
  it('runs the steps in order and hands over to the next layer after the last', async () => {
    expect(await run([step('a'), step('b'), step('c')])).toEqual({ outcome: 'done', trace: ['a', 'b', 'c'] });
  });

  it('a step that answers stops the chain', async () => {
    const answer: RequestHandler = (_req, res) => void (res as unknown as { trace: string[] }).trace.push('answer');
    expect(await run([step('a'), answer, step('never')])).toEqual({ outcome: 'answered', trace: ['a', 'answer'] });
  });

  it('next(error), a throw and a rejected promise all reach the error handler and stop the chain', async () => {
    const boom = new Error('boom');
    const viaNext: RequestHandler = (_req, _res, next) => next(boom);
    const throwing: RequestHandler = () => {
      throw boom;
    };
    const rejecting: RequestHandler = async () => {
      await Promise.resolve();
      throw boom;
    };
    for (const failing of [viaNext, throwing, rejecting]) {
      expect(await run([step('a'), failing, step('never')])).toEqual({ outcome: 'error', error: boom, trace: ['a'] });
    }
  });

  it('async steps continue the chain when they call next', async () => {
    const later: RequestHandler = async (_req, res, next) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      (res as unknown as { trace: string[] }).trace.push('later');
      next();
    };
    const result = await new Promise((resolve) => {
      const trace: string[] = [];
      pipeline([later, step('b')])({} as Request, { trace } as unknown as Response, () => resolve(trace));
    });
    expect(result).toEqual(['later', 'b']);
  });
});
