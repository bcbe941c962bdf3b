import type { Request, Response } from 'express';

/** A route's work once the pipeline let it through; params come from the route table match. */
export type RouteHandler = (req: Request, res: Response, params: Record<string, string>) => Promise<void> | void;

/** Handlers by route id (ids from domain/routeTable.ts). */
export type Handlers = Record<string, RouteHandler>;
