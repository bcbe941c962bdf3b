/** A fetch Response whose JSON body tests may read without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

/** `fetch`, typed for tests. */
export const request = fetch as unknown as (input: string, init?: RequestInit) => Promise<TestResponse>;
