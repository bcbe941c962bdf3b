import { uuidv7 } from '@qilbee/kernel';
import type { Step } from '../pipeline';
import { initState } from '../requestState';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Echoes a sane client X-Request-ID (at most 128 of [A-Za-z0-9._-]); otherwise mints a UUIDv7. */
export function chooseRequestId(sent: string | string[] | undefined): string {
  return typeof sent === 'string' && SANE_REQUEST_ID.test(sent) ? sent : uuidv7();
}

export function requestId(): Step {
  return (req, res, next) => {
    const id = chooseRequestId(req.headers['x-request-id']);
    initState(req, res, id);
    res.setHeader('X-Request-ID', id);
    next();
  };
}
