// The one wrapper every route handler goes through: request id, authentication,
// the declared permission, same-origin check for cookie sessions, input
// parsing, and the error model. Routes stay a few lines long.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { hasPermission, PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { defaultContext, type Actor, type ServiceContext } from "@/lib/services/context";
import { log } from "@/lib/log";
import { problem, problemFromAppError } from "./problem";
import { parseWith, readJsonBody, searchParamsObject } from "./body";
import { assertSameOrigin, authenticateHuman } from "./authenticate";

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Out<S, K extends keyof Schemas> = S extends { [k in K]: z.ZodType } ? z.output<S[K]> : undefined;

type HandlerInput<S extends Schemas, A> = {
  req: Request;
  ctx: ServiceContext;
  actor: A;
  params: Out<S, "params">;
  query: Out<S, "query">;
  body: Out<S, "body">;
};

type HumanRoute<S extends Schemas> = {
  auth: "human";
  /** Every human route names the permission it needs (lib/auth/permissions.ts). */
  permission: Permission;
  schemas?: S;
  handler: (input: HandlerInput<S, Actor>) => Promise<Response | object>;
};
type PublicRoute<S extends Schemas> = {
  auth: "public";
  schemas?: S;
  handler: (input: HandlerInput<S, null>) => Promise<Response | object>;
};

// Next passes { params: Promise<…> } as the second argument.
type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("cache-control", "no-store");
  return Response.json(body, { status, headers: h });
}

export function defineRoute<S extends Schemas = Record<never, never>>(spec: HumanRoute<S> | PublicRoute<S>) {
  return async function route(req: Request, next?: NextContext): Promise<Response> {
    const requestId = randomUUID();
    const ctx = defaultContext(requestId);
    let response: Response;
    try {
      let actor: Actor | null = null;
      if (spec.auth === "human") {
        actor = await authenticateHuman(ctx, req);
        if (!hasPermission(actor.role, spec.permission)) {
          throw new AppError("forbidden", `your role (${actor.role}) cannot do this: it needs "${spec.permission}" (${PERMISSIONS[spec.permission].toLowerCase()})`);
        }
        assertSameOrigin(req, actor);
      }
      const schemas = spec.schemas ?? ({} as S);
      const rawParams = next ? await next.params : {};
      const params = schemas.params ? parseWith(schemas.params, rawParams, "path") : undefined;
      const query = schemas.query ? parseWith(schemas.query, searchParamsObject(new URL(req.url)), "query") : undefined;
      const body = schemas.body ? parseWith(schemas.body, await readJsonBody(req), "body") : undefined;
      const input = { req, ctx, actor, params, query, body } as HandlerInput<S, never>;
      const result = await (spec.handler as (i: typeof input) => Promise<Response | object>)(input);
      response = result instanceof Response ? result : json(result);
    } catch (e) {
      if (isAppError(e)) {
        response = problemFromAppError(e, requestId);
      } else {
        // Never e.message or a stack to the caller: they may carry internals.
        log.error("unhandled error", { requestId, method: req.method, path: new URL(req.url).pathname, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        response = problem("internal", `something went wrong on our side; quote request id ${requestId} when reporting it`, requestId);
      }
    }
    response.headers.set("x-request-id", requestId);
    return response;
  };
}

/** Path parameter schema for `[id]` segments. */
export const ZIdParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not a valid id") });
