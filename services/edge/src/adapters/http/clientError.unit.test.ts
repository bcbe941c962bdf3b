import { connect } from 'node:net';
import { startEdge, type EdgeUnderTest } from '../../testing/edgeHarness';

/** Sends raw bytes and returns everything the server wrote before closing. */
function raw(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser refuses', () => {
  let edge: EdgeUnderTest;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge.close());

  it.each([
    ['a broken request line', 'GARBAGE\r\n\r\n', 400, 'malformed_request'],
    ['a header line without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'malformed_request'],
    ['headers over the limit', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
  ])('%s gets a problem+json answer with a request id and the security headers', async (_name, bytes, status, code) => {
    const answer = await raw(edge.url, bytes);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Request Header Fields Too Large'}`);
    expect(head).toMatch(/^content-type: application\/problem\+json/im);
    expect(head).toMatch(/^x-request-id: [0-9a-f-]{36}$/im);
    expect(head).toMatch(/^x-content-type-options: nosniff$/im);
    expect(head).toMatch(/^connection: close$/im);
    expect(JSON.parse(body)).toEqual(expect.objectContaining({ status, code, error: expect.any(String), type: `urn:qilbee:problem:${code}` }));
  });

  it('writes nothing into an answer already under way: a garbage request pipelined after a good one only drops the connection', async () => {
    const answer = await raw(edge.url, 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n');
    expect(answer).not.toMatch(/400 Bad Request|malformed_request/);
  });
});
