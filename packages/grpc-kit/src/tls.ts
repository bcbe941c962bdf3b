import { credentials, ServerCredentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';

export interface GrpcKeyPair {
  certChain: Buffer;
  privateKey: Buffer;
}

/**
 * Transport security of a gRPC server or client (PEM contents, read once at start). Absent, the
 * connection is plaintext. Built from GRPC_TLS_* by @qilbee/config's `withTransportSecurity`.
 */
export interface GrpcTls {
  /** CAs a client verifies servers against (absent: the default roots) and a server verifies client certificates against. */
  rootCerts?: Buffer;
  /** The certificate a server presents; required to serve. */
  serverIdentity?: GrpcKeyPair;
  /** The server refuses clients without a certificate signed by `rootCerts` (mutual TLS). */
  requireClientCert?: boolean;
  /** The certificate a client presents to servers that require one. */
  clientIdentity?: GrpcKeyPair;
  /** The name a client expects in the server certificate when it is not the dialled host. */
  serverNameOverride?: string;
  /** Names (CN or DNS SAN) of the client certificates a server answers; absent: any the CA signed. */
  allowedClients?: string[];
}

/** Plaintext without settings; TLS (mutual when asked) with them. Misuse throws: it is a wiring bug. */
export function serverCredentials(tls: GrpcTls | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  if (!tls.serverIdentity) throw new Error('gRPC TLS needs a server certificate and key (GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE)');
  // Without our CA, Node would accept any client certificate a public CA signed.
  if (tls.requireClientCert && !tls.rootCerts) throw new Error('gRPC mutual TLS needs the CA of the client certificates (GRPC_TLS_CA_FILE)');
  const { certChain, privateKey } = tls.serverIdentity;
  return ServerCredentials.createSsl(tls.rootCerts ?? null, [{ cert_chain: certChain, private_key: privateKey }], tls.requireClientCert ?? false);
}

/** A client's credentials: plaintext without settings; TLS verifying the server (and presenting ours) with them. */
export function channelCredentials(tls: GrpcTls | undefined): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(tls.rootCerts ?? null, tls.clientIdentity?.privateKey ?? null, tls.clientIdentity?.certChain ?? null);
}

/** Channel options the TLS settings imply: the expected server name, for certificates issued to another name. */
export function tlsChannelOptions(tls: GrpcTls | undefined): ChannelOptions {
  const name = tls?.serverNameOverride;
  return name ? { 'grpc.ssl_target_name_override': name, 'grpc.default_authority': name } : {};
}

/** How a log line describes the transport (never the key material). */
export function describeTls(tls: GrpcTls | undefined): 'plaintext' | 'tls' | 'mutual-tls' {
  if (!tls) return 'plaintext';
  return tls.requireClientCert ? 'mutual-tls' : 'tls';
}
