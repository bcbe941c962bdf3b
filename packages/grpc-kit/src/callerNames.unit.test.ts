import type { PeerCertificate } from 'node:tls';
import { certificateNames } from './callerNames';

const cert = (fields: Partial<PeerCertificate>) => fields as PeerCertificate;

describe('client certificate names', () => {
  it('are the subject CN and the DNS alternative names, nothing else', () => {
    expect(certificateNames(cert({ subject: { CN: 'edge' } as never, subjectaltname: 'DNS:edge.internal, IP Address:10.0.0.1, URI:spiffe://x/edge' }))).toEqual([
      'edge',
      'edge.internal',
    ]);
    expect(certificateNames(cert({ subject: {} as never }))).toEqual([]);
    expect(certificateNames(undefined)).toEqual([]);
  });
});
