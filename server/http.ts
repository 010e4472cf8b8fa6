import http from "node:http";
import type { ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import type { App } from "./build";
import { bodyLimit } from "./middleware/body-limit";
import { crossSitePosts } from "./middleware/cross-site-posts";
import { formType } from "./middleware/form-type";
import { loadContext } from "./middleware/load-context";
import { pathCheck } from "./middleware/path-check";
import { plain } from "./middleware/plain";
import { remix } from "./middleware/remix";
import { requestLog } from "./middleware/request-log";
import { routePolicy } from "./middleware/route-policy";
import { securityHeaders } from "./middleware/security-headers";
import { sharedPage } from "./middleware/shared-page";
import { staticFiles } from "./middleware/static-files";
import { unavailable } from "./middleware/unavailable";

export interface HttpOptions {
  build: ServerBuild;
  app: App;
  logger: Logger;
  /** Asked after a 500: if the database is down, the client gets a 503 page instead. */
  databaseAnswers?: () => Promise<boolean>;
  publicDir: string;
  /** TRUST_PROXY: how many proxies of ours are in front. */
  trustProxy: number;
  production: boolean;
}

/** The web server: express, our small middlewares, then the build through @remix-run/express. */
export function createHttpServer({ build, app, logger, publicDir, trustProxy, production, databaseAnswers }: HttpOptions) {
  const server = express();
  server.disable("x-powered-by");
  server.disable("etag");
  // Routes read the query from the Request Remix makes; express need not parse it too.
  server.set("query parser", false);
  server.use(requestLog(logger));
  server.use(pathCheck);
  server.use(staticFiles(publicDir));
  server.use(routePolicy(build));
  server.use(loadContext({ trustProxy }));
  // Response taps: the last registered sees Remix's answer first.
  server.use(securityHeaders({ production }));
  server.use(sharedPage(app));
  server.use(bodyLimit);
  server.use(formType);
  server.use(crossSitePosts);
  server.use(unavailable({ databaseAnswers }));
  server.use(remix({ build, production }));
  // The last line of defence: a request must never take the process down.
  const failed: ErrorRequestHandler = (error, _req, res, _next) => {
    console.error("request failed:", error);
    if (!res.headersSent) plain(res, 500, "Something went wrong on our side. Please try again.");
    else res.destroy();
  };
  server.use(failed);
  return http.createServer(server);
}
