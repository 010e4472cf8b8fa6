import type { Request, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { loggedPathOf } from "./route-policy";

/**
 * One line per request: method, path (no query string, tokens in the path
 * replaced by the parameter's name), status and duration in milliseconds.
 * No headers, no cookies, no addresses: nothing personal.
 */
export function requestLog(logger: Logger) {
  const line = (req: Request, res: Response, duration: number) => ({
    method: req.method,
    path: loggedPathOf(req, res),
    status: res.statusCode,
    duration,
  });
  return pinoHttp<Request, Response>({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    serializers: { req: (req: Request) => ({ method: req.method }) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
    customErrorObject: (req, res, _error, val: { responseTime: number }) => line(req, res, val.responseTime),
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request",
  });
}
