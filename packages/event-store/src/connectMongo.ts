import { MongoClient } from 'mongodb';

/**
 * One MongoDB client per service, with every wait bounded: no operation may hang a request forever
 * (a server that stops answering turns into an error the caller maps to 503), and the pool is
 * bounded so a leak shows up as a timeout instead of unbounded connections.
 */
export async function connectMongo(url: string, appName: string): Promise<MongoClient> {
  const client = new MongoClient(url, {
    appName,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 60_000,
    waitQueueTimeoutMS: 10_000,
    maxPoolSize: 50,
  });
  return client.connect();
}
