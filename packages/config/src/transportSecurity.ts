import { z } from 'zod';
import { grpcTlsFields, grpcTlsOf, type GrpcRole, type GrpcTlsSettings } from './grpcTls';
import { kafkaSecurityFields, kafkaSecurityOf, type KafkaSecuritySettings } from './kafkaSecurity';

/** Every transport-security variable; spread next to infraFields in each service's schema. */
export const transportSecurityFields = { ...grpcTlsFields, ...kafkaSecurityFields };

export type TransportSecurityValues = z.output<z.ZodObject<typeof transportSecurityFields>>;

export interface TransportSecurity {
  /** undefined: plaintext gRPC. */
  grpcTls: GrpcTlsSettings | undefined;
  kafkaSecurity: KafkaSecuritySettings;
}

type WithoutRawFields<T> = Omit<T, keyof TransportSecurityValues>;

const RAW_FIELDS = new Set(Object.keys(transportSecurityFields));

function securityOf(config: TransportSecurityValues, ctx: z.RefinementCtx, role: GrpcRole): TransportSecurity {
  return { grpcTls: grpcTlsOf(config, ctx, role), kafkaSecurity: kafkaSecurityOf(config, ctx) };
}

/**
 * Completes a service schema that spreads transportSecurityFields: checks the variables together
 * and replaces them with `grpcTls` and `kafkaSecurity`, the settings grpc-kit and kafka-kit take
 * (the raw variables leave the config, so there is one place to read them from).
 *
 * The checks run as a refinement because zod still runs refinements when another field already
 * failed (it skips transforms then): a broken combination is listed with every other error.
 */
export function withTransportSecurity<S extends z.ZodType<TransportSecurityValues, z.ZodTypeDef, unknown>>(schema: S, role: GrpcRole) {
  return schema
    .superRefine((config, ctx) => void securityOf(config, ctx, role))
    .transform((config, ctx): WithoutRawFields<z.output<S>> & TransportSecurity => {
      const rest = Object.fromEntries(Object.entries(config).filter(([key]) => !RAW_FIELDS.has(key))) as WithoutRawFields<z.output<S>>;
      return { ...rest, ...securityOf(config, ctx, role) };
    });
}

/** Only the gRPC TLS variables, as a client reads them: health probes and tools outside the services. */
export const grpcClientTlsSchema = z
  .object(grpcTlsFields)
  .superRefine((values, ctx) => void grpcTlsOf(values, ctx, { servesGrpc: false }))
  .transform((values, ctx) => grpcTlsOf(values, ctx, { servesGrpc: false }));
