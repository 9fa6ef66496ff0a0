// Shared by the agent's page and its edit page: the agent for this actor, or
// the not-found page for an id that does not exist (or is not an id at all).
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { defaultContext } from "@/lib/services/context";
import { getAgent } from "@/lib/services/get-agent";

export function isAgentId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

export async function loadAgentOrNotFound(actor: Actor, id: string) {
  try {
    return await getAgent(defaultContext(), actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
