import express, { type Express } from 'express';
import { healthRoute, type HealthInfo } from './healthRoute';

/** Builds the Express application; the request pipeline grows here one middleware at a time. */
export function createApp(info: HealthInfo): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoute(info));
  return app;
}
