import { z } from 'zod';
import { Checks, isSet, type KeyPairSettings } from './checks';
import { bool } from './fields';
import { certificateFile, optionalText, privateKeyFile } from './files';
import { loggedAs } from './loggedAs';

/**
 * gRPC transport security, the same names in every service. Off by default (plaintext, for local
 * development); docs/production-checklist.md says how to turn it on.
 */
export const grpcTlsFields = {
  /** TLS for this process's gRPC server and for every gRPC client it opens. */
  GRPC_TLS: bool(false),
  /** The certificate chain and key a gRPC server presents (PEM); required to serve with TLS. */
  GRPC_TLS_CERT_FILE: certificateFile(),
  GRPC_TLS_KEY_FILE: privateKeyFile(),
  /** CAs trusted for peers: clients verify servers with it (unset: the default roots), servers verify client certificates. */
  GRPC_TLS_CA_FILE: certificateFile(),
  /** Servers refuse clients without a certificate signed by GRPC_TLS_CA_FILE (mutual TLS). */
  GRPC_TLS_REQUIRE_CLIENT_CERT: bool(false),
  /** The certificate chain and key gRPC clients present (mutual TLS). */
  GRPC_TLS_CLIENT_CERT_FILE: certificateFile(),
  GRPC_TLS_CLIENT_KEY_FILE: privateKeyFile(),
  /** The name clients expect in server certificates when it is not the host they dial. */
  GRPC_TLS_SERVER_NAME: optionalText(),
  /**
   * Names (certificate CN or DNS subject alternative name) of the clients this gRPC server
   * answers; unset: any client certificate the CA signed. Needs GRPC_TLS_REQUIRE_CLIENT_CERT.
   */
  GRPC_TLS_ALLOWED_CLIENTS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.split(',').map((name) => name.trim()).filter((name) => name.length > 0))),
};

export type GrpcTlsValues = z.output<z.ZodObject<typeof grpcTlsFields>>;

/** What grpc-kit's `GrpcTls` takes (the same shape; this package does not depend on grpc-kit). */
export interface GrpcTlsSettings {
  rootCerts?: Buffer;
  serverIdentity?: KeyPairSettings;
  requireClientCert: boolean;
  clientIdentity?: KeyPairSettings;
  serverNameOverride?: string;
  /** Client certificate names this server answers (absent: any the CA signed). */
  allowedClients?: string[];
}

export interface GrpcRole {
  /** A process that serves gRPC needs its own certificate; a client-only one (the edge, probes) does not. */
  servesGrpc: boolean;
}

const ONLY_WITH_TLS = [
  'GRPC_TLS_CERT_FILE',
  'GRPC_TLS_KEY_FILE',
  'GRPC_TLS_CA_FILE',
  'GRPC_TLS_REQUIRE_CLIENT_CERT',
  'GRPC_TLS_CLIENT_CERT_FILE',
  'GRPC_TLS_CLIENT_KEY_FILE',
  'GRPC_TLS_SERVER_NAME',
  'GRPC_TLS_ALLOWED_CLIENTS',
] as const;

/**
 * The gRPC TLS settings, or undefined for plaintext. A TLS variable without GRPC_TLS=true is an
 * error rather than ignored: an operator who set it believes the traffic is protected.
 */
export function grpcTlsOf(values: GrpcTlsValues, ctx: z.RefinementCtx, role: GrpcRole): GrpcTlsSettings | undefined {
  const checks = new Checks(ctx);
  if (!values.GRPC_TLS) {
    checks.requires(values, ONLY_WITH_TLS, false, 'takes effect only with GRPC_TLS=true: set GRPC_TLS=true or remove it');
    return undefined;
  }
  const serverIdentity = checks.keyPair('GRPC_TLS_CERT_FILE', values.GRPC_TLS_CERT_FILE, 'GRPC_TLS_KEY_FILE', values.GRPC_TLS_KEY_FILE);
  const clientIdentity = checks.keyPair('GRPC_TLS_CLIENT_CERT_FILE', values.GRPC_TLS_CLIENT_CERT_FILE, 'GRPC_TLS_CLIENT_KEY_FILE', values.GRPC_TLS_CLIENT_KEY_FILE);
  const ca = checks.file(values.GRPC_TLS_CA_FILE);
  if (role.servesGrpc && !isSet(values.GRPC_TLS_CERT_FILE) && !isSet(values.GRPC_TLS_KEY_FILE)) {
    checks.fail('GRPC_TLS_CERT_FILE', 'is required with GRPC_TLS=true (with GRPC_TLS_KEY_FILE): the certificate this gRPC server presents');
  }
  if (values.GRPC_TLS_REQUIRE_CLIENT_CERT && !isSet(values.GRPC_TLS_CA_FILE)) {
    // Without it Node would accept a client certificate from any publicly trusted CA.
    checks.fail('GRPC_TLS_CA_FILE', 'is required with GRPC_TLS_REQUIRE_CLIENT_CERT=true: the CA that signs the client certificates');
  }
  const allowedClients = values.GRPC_TLS_ALLOWED_CLIENTS;
  if (allowedClients !== undefined && allowedClients.length === 0) checks.fail('GRPC_TLS_ALLOWED_CLIENTS', 'names no client: list the certificate names, or unset it');
  if (allowedClients !== undefined && !values.GRPC_TLS_REQUIRE_CLIENT_CERT) {
    checks.fail('GRPC_TLS_ALLOWED_CLIENTS', 'needs GRPC_TLS_REQUIRE_CLIENT_CERT=true: without client certificates there is no name to check');
  }
  if (!checks.ok) return undefined;
  const settings: GrpcTlsSettings = {
    rootCerts: ca?.pem,
    serverIdentity,
    requireClientCert: values.GRPC_TLS_REQUIRE_CLIENT_CERT,
    clientIdentity,
    serverNameOverride: values.GRPC_TLS_SERVER_NAME,
    ...(allowedClients ? { allowedClients } : {}),
  };
  return loggedAs(settings, {
    ca: values.GRPC_TLS_CA_FILE?.path,
    cert: values.GRPC_TLS_CERT_FILE?.path,
    clientCert: values.GRPC_TLS_CLIENT_CERT_FILE?.path,
    requireClientCert: settings.requireClientCert,
    serverName: settings.serverNameOverride,
    allowedClients: settings.allowedClients,
  });
}
