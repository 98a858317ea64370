import http from 'node:http';
import type { RequestHandler } from 'express';

/**
 * Limits of the HTTP server itself: a request's headers must arrive within `headersTimeoutMs`
 * and the whole request (a trickled body included) within `requestTimeoutMs`; Node answers 408
 * and closes the connection otherwise. Node checks these every `connectionsCheckingInterval`,
 * which defaults to 30 s; here it is a second.
 */
export interface ServerLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
}

export function createHttpServer(handler: http.RequestListener, limits: ServerLimits): http.Server {
  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      connectionsCheckingInterval: 1000,
      maxHeaderSize: 16 * 1024,
    },
    handler,
  );
  server.keepAliveTimeout = 5000;
  return server;
}

const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'fullscreen=(self)',
].join(', ');

/** Headers helmet does not set: no powerful browser features for anyone. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set('Permissions-Policy', PERMISSIONS_POLICY);
  next();
};
