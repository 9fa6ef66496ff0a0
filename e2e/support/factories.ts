// Seeded data through the public API, for specs that need many records but
// are not about how they were made.
import type { APIRequestContext } from "@playwright/test";
import { BASE_URL } from "./accounts";
import { ed25519Jwks } from "./keys";

export async function registerAgentViaApi(
  request: APIRequestContext,
  input: { name: string; environment?: string; riskTier?: "LOW" | "HIGH" | "CRITICAL"; ownerId?: string },
): Promise<{ id: string; name: string }> {
  const response = await request.post("/api/v1/agents", {
    // Cookie-authenticated changes must carry our own Origin, as a browser's would.
    headers: { origin: BASE_URL },
    data: {
      name: input.name,
      environment: input.environment ?? "development",
      riskTier: input.riskTier ?? "LOW",
      ceiling: { audiences: ["https://inventory.internal"], actions: ["read"], maxTtlSeconds: 300 },
      jwks: ed25519Jwks(`${input.name}-key`).publicJwks,
      ownerId: input.ownerId,
    },
  });
  if (response.status() !== 201) throw new Error(`registering ${input.name} failed: ${response.status()} ${await response.text()}`);
  return response.json();
}
