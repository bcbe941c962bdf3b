import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts secrets at any of the first three levels', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'test', destination });
    logger.info(
      {
        password: 'hunter2-Secret!',
        body: { refresh_token: 'rt-123', user: { apiKey: 'qilbee_live_abc' } },
        headers: { authorization: 'Bearer eyJ', 'x-api-key': 'qilbee_live_def' },
        username: 'alice',
      },
      'login',
    );
    const line = lines.join('');
    for (const secret of ['hunter2-Secret!', 'rt-123', 'qilbee_live_abc', 'Bearer eyJ', 'qilbee_live_def']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('alice');
    expect(JSON.parse(line)).toMatchObject({ service: 'test', level: 'info', msg: 'login' });
  });
});
