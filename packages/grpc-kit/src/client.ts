import { Metadata, type CallOptions, type ChannelCredentials, type Client, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import CircuitBreaker from 'opossum';
import { DomainError, isDomainError } from '@qilbee/kernel';
import { fromGrpcError } from './grpcErrors';
import { channelCredentials, tlsChannelOptions, type GrpcTls } from './tls';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: { deadline: Date },
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

/**
 * ts-proto declares each unary method with three overloads; a conditional type sees the last one,
 * `(request, metadata, options, callback)`, which is the one this client calls.
 */
type UnaryOverload<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

type MethodNames<C> = {
  [K in keyof C]: C[K] extends UnaryOverload<infer _Req, infer _Res> ? K : never;
}[keyof C] &
  string;

type RequestOf<C, K extends keyof C> = C[K] extends UnaryOverload<infer Req, infer _Res> ? Req : never;

type ResponseOf<C, K extends keyof C> = C[K] extends UnaryOverload<infer _Req, infer Res> ? Res : never;

export interface ResilientClientOptions {
  /** Every call gets this deadline: nothing ever hangs on a dependency. */
  deadlineMs: number;
  /** Name used in logs and breaker metrics, e.g. `identity`. */
  name: string;
  /** Percentage of failures in the rolling window that opens the breaker. */
  errorThresholdPercentage?: number;
  /** How long the breaker stays open before letting a trial call through. */
  resetTimeoutMs?: number;
  /** Absent: plaintext. With it, the server is verified (and our certificate presented, for mutual TLS). */
  tls?: GrpcTls;
}

/**
 * A generated grpc-js client behind a deadline and an opossum circuit breaker. Domain errors
 * (not found, invalid argument, ...) are answers, not failures: they never open the breaker.
 * When the breaker is open, calls fail at once with a DomainError('unavailable').
 */
export class ResilientClient<C extends Client> {
  private readonly breaker: CircuitBreaker<[string, unknown, Metadata], unknown>;

  constructor(
    readonly raw: C,
    private readonly options: ResilientClientOptions,
  ) {
    this.breaker = new CircuitBreaker((method: string, request: unknown, metadata: Metadata) => this.invoke(method, request, metadata), {
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      resetTimeout: options.resetTimeoutMs ?? 2000,
      volumeThreshold: 5,
      errorFilter: (error: unknown) => isDomainError(error) && error.code !== 'unavailable',
      name: options.name,
    });
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  async call<K extends MethodNames<C>>(method: K, request: RequestOf<C, K>, metadata: Metadata = new Metadata()): Promise<ResponseOf<C, K>> {
    try {
      return (await this.breaker.fire(method, request, metadata)) as ResponseOf<C, K>;
    } catch (error) {
      if (isDomainError(error)) throw error;
      if (error instanceof Error && (error as { code?: string }).code === 'EOPENBREAKER') {
        throw new DomainError('unavailable', `${this.options.name} is unavailable`, 'dependency_unavailable');
      }
      throw error;
    }
  }

  close(): void {
    this.breaker.shutdown();
    this.raw.close();
  }

  private invoke(method: string, request: unknown, metadata: Metadata): Promise<unknown> {
    const fn = (this.raw as unknown as Record<string, UnaryMethod<unknown, unknown>>)[method];
    if (typeof fn !== 'function') return Promise.reject(new Error(`no method ${method}`));
    const deadline = new Date(Date.now() + this.options.deadlineMs);
    return new Promise((resolve, reject) => {
      fn.call(this.raw, request, metadata, { deadline }, (error, response) => (error ? reject(fromGrpcError(error)) : resolve(response)));
    });
  }
}

type ClientConstructor<C> = new (address: string, creds: ChannelCredentials, options?: object) => C;

/** Builds a generated client for an address (host:port): plaintext, or TLS when `options.tls` is given. */
export function createResilientClient<C extends Client>(
  Ctor: ClientConstructor<C>,
  address: string,
  options: ResilientClientOptions,
): ResilientClient<C> {
  const raw = new Ctor(address, channelCredentials(options.tls), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.enable_retries': 0,
    ...tlsChannelOptions(options.tls),
  });
  return new ResilientClient(raw, options);
}
