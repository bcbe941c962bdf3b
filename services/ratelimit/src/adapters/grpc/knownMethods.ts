/**
 * The methods of a generated grpc-js server interface without its inherited index signature.
 * grpc-kit's `implement<S>` maps every key of S, and the `[name: string]` signature that ts-proto
 * servers inherit from UntypedServiceImplementation maps to `never`, rejecting any handler object.
 * Passing `KnownMethods<S>` keeps the typing exact until grpc-kit strips the signature itself.
 */
export type KnownMethods<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};
