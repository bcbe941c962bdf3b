/** Closes every switch over a tagged union: adding a variant breaks the build until handled. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected variant: ${JSON.stringify(value)}`);
}
