// The OpenAPI document must describe exactly the routes that exist: every
// app/api/**/route.ts and app/.well-known/**/route.ts, with the HTTP methods
// it exports and the authentication and permission it declares. Adding a
// route (or a method) without documenting it fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const ROOT = path.resolve(__dirname, "..", "..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: Record<string, Record<string, unknown>> };

const doc = openApiDocument({ baseUrl: "http://localhost:3000", sessionCookieName: "mandate.session" }) as unknown as Doc;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

/** app/api/v1/agents/[id]/route.ts → /api/v1/agents/{id}; catch-alls become one parameter. */
function openApiPath(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  return "/" + segments.filter((s) => !/^\(.*\)$/.test(s)).map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/");
}

const ROUTES = [...routeFiles(path.join(ROOT, "app", "api")), ...routeFiles(path.join(ROOT, "app", ".well-known"))].map((file) => ({ file, path: openApiPath(file) }));

/** What each exported handler declares in its source: which wrapper, which auth, which permission. */
function declarations(source: string): Map<string, { wrapper: string; auth?: string; permission?: string }> {
  const out = new Map<string, { wrapper: string; auth?: string; permission?: string }>();
  const re = /export const (GET|POST|PUT|PATCH|DELETE) = (defineRoute|defineOAuthRoute)\(\{([\s\S]*?)\n\}\);/g;
  for (const m of source.matchAll(re)) {
    out.set(m[1], { wrapper: m[2], auth: m[3].match(/auth: "([^"]+)"/)?.[1], permission: m[3].match(/permission: "([^"]+)"/)?.[1] });
  }
  return out;
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => allRefs(n, found));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else allRefs(v, found);
    }
  }
  return found;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, servers and components", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc).toMatchObject({ info: { title: expect.any(String), version: expect.any(String) }, servers: [{ url: "http://localhost:3000" }] });
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(["personalAccessToken", "sessionCookie", "metricsToken", "agentPrivateKeyJwt", "resourcePrivateKeyJwt"]));
  });

  it("finds the routes on disk (the discovery itself works)", () => {
    expect(ROUTES.map((r) => r.path)).toEqual(expect.arrayContaining(["/api/oauth/token", "/.well-known/jwks.json", "/api/v1/agents/{id}/owner/acknowledge", "/api/auth/{nextauth}", "/api/openapi.json"]));
  });

  it.each(ROUTES.map((r) => [r.path, r.file] as const))("documents %s with exactly the methods its route exports", async (routePath, file) => {
    const mod = (await import(file)) as Record<string, unknown>;
    const exported = METHODS.filter((m) => typeof mod[m] === "function").map((m) => m.toLowerCase());
    expect(exported.length, `${file} exports no handler`).toBeGreaterThan(0);
    const item = doc.paths[routePath];
    expect(item, `${routePath} is not in the OpenAPI document`).toBeDefined();
    const documented = Object.keys(item).filter((k) => (METHODS as readonly string[]).includes(k.toUpperCase()));
    expect(documented.sort()).toEqual(exported.sort());
  });

  it("documents no path that has no route", () => {
    const real = new Set(ROUTES.map((r) => r.path));
    expect(Object.keys(doc.paths).filter((p) => !real.has(p))).toEqual([]);
  });

  it.each(ROUTES.map((r) => [r.path, r.file] as const))("%s: security and permission match what the route declares", (routePath, file) => {
    for (const [method, decl] of declarations(fs.readFileSync(file, "utf8"))) {
      const op = doc.paths[routePath][method.toLowerCase()];
      const schemes = (op.security as Record<string, unknown>[]).flatMap((s) => Object.keys(s));
      if (decl.wrapper === "defineOAuthRoute" && decl.auth === "none") {
        // Leak reports: possession of the reported token is the proof; no client authentication.
        expect(schemes).toEqual([]);
      } else if (decl.wrapper === "defineOAuthRoute") {
        expect(schemes).toEqual([decl.auth === "resource-server" ? "resourcePrivateKeyJwt" : "agentPrivateKeyJwt"]);
        expect(op.responses["401"]).toEqual({ $ref: "#/components/responses/InvalidClient" });
      } else if (decl.auth === "public") {
        // The one public route with its own credential: Prometheus's scrape token.
        expect(schemes).toEqual(routePath === "/api/metrics" ? ["metricsToken"] : []);
      } else {
        expect(decl.auth).toBe("human");
        expect(schemes).toEqual(["personalAccessToken", "sessionCookie"]);
        expect(op["x-mandate-permission"]).toBe(decl.permission);
        for (const status of ["401", "403", "500"]) expect(op.responses[status], `${method} ${routePath} ${status}`).toBeDefined();
      }
    }
  });

  it("every operation has a unique operationId, a summary and a 2xx response; every path parameter is declared", () => {
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        if (method === "parameters") continue;
        expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        expect(op.summary).toEqual(expect.any(String));
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), `${method} ${p} has no success response`).toBe(true);
        const declared = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((x: any) => x.in === "path").map((x: any) => x.name);
        expect(declared.sort(), `${method} ${p} path parameters`).toEqual([...names].sort());
      }
    }
  });

  it("every $ref resolves", () => {
    for (const ref of allRefs(doc)) {
      const [, section, name] = ref.match(/^#\/components\/([^/]+)\/([^/]+)$/) ?? [];
      expect(doc.components[section]?.[name], `unresolved ${ref}`).toBeDefined();
    }
  });

  it("states the broker's contract: step_up_required carries auth_req_id, expires_in, interval and decision_id", () => {
    const token = doc.paths["/api/oauth/token"].post;
    expect(token.parameters).toEqual([expect.objectContaining({ name: "DPoP", in: "header", required: false })]);
    expect(token.requestBody.content).toHaveProperty("application/x-www-form-urlencoded");
    const examples = token.responses["400"].content["application/json"].examples;
    expect(examples.step_up_required.value).toMatchObject({ error: "step_up_required", auth_req_id: expect.any(String), expires_in: expect.any(Number), interval: expect.any(Number), decision_id: expect.any(String) });
    expect(examples.access_denied.value).toMatchObject({ error: "access_denied", decision_id: expect.any(String) });
    expect(doc.components.schemas.StepUpRequiredError).toMatchObject({ required: ["error", "auth_req_id", "expires_in", "interval", "decision_id"] });
  });

  it("takes request bodies from the routes' zod schemas (unknown fields refused, required fields named)", () => {
    const register = doc.paths["/api/v1/agents"].post.requestBody.content["application/json"].schema;
    expect(register).toMatchObject({ type: "object", additionalProperties: false, required: ["name", "environment", "riskTier", "ceiling"] });
    // jwks may be left out by an agent bound to a federated subject (workload identity federation).
    expect(register.properties.jwks).toEqual({ $ref: "#/components/schemas/JwksInput" });
    expect(register.properties.federatedSubjects).toMatchObject({ type: "array", maxItems: 10 });
  });
});
