import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Next, type Step } from './pipeline';

function run(steps: Step[]): Promise<{ outcome: 'done' | 'error' | 'answered'; error?: unknown; trace: string[] }> {
  const trace: string[] = [];
  const res = { trace } as unknown as ServerResponse;
  return new Promise((resolve) => {
    const done: Next = (error?: unknown) => resolve(error ? { outcome: 'error', error, trace } : { outcome: 'done', trace });
    pipeline(steps)({} as IncomingMessage, res, done);
    setImmediate(() => resolve({ outcome: 'answered', trace }));
  });
}

const step = (name: string): Step => (_req, res, next) => {
  (res as unknown as { trace: string[] }).trace.push(name);
  next();
};

describe('pipeline (the edge steps, on Node\'s request and response)', () => {
  it('runs the steps in order and hands over to the next layer after the last', async () => {
    expect(await run([step('a'), step('b'), step('c')])).toEqual({ outcome: 'done', trace: ['a', 'b', 'c'] });
  });

  it('a step that answers stops the chain', async () => {
    const answer: Step = (_req, res) => void (res as unknown as { trace: string[] }).trace.push('answer');
    expect(await run([step('a'), answer, step('never')])).toEqual({ outcome: 'answered', trace: ['a', 'answer'] });
  });

  it('next(error), a throw and a rejected promise all reach the error handler and stop the chain', async () => {
    const boom = new Error('boom');
    const viaNext: Step = (_req, _res, next) => next(boom);
    const throwing: Step = () => {
      throw boom;
    };
    const rejecting: Step = async () => {
      await Promise.resolve();
      throw boom;
    };
    for (const failing of [viaNext, throwing, rejecting]) {
      expect(await run([step('a'), failing, step('never')])).toEqual({ outcome: 'error', error: boom, trace: ['a'] });
    }
  });

  it('async steps continue the chain when they call next', async () => {
    const later: Step = async (_req, res, next) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      (res as unknown as { trace: string[] }).trace.push('later');
      next();
    };
    const result = await new Promise((resolve) => {
      const trace: string[] = [];
      pipeline([later, step('b')])({} as IncomingMessage, { trace } as unknown as ServerResponse, () => resolve(trace));
    });
    expect(result).toEqual(['later', 'b']);
  });
});
