import { streamRevocationsHandler } from "@/lib/http/revocation-stream-route";

export const dynamic = "force-dynamic";

/** Server-sent events: revocations of the calling resource server's audience (see docs/resource-servers.md). */
export const GET = streamRevocationsHandler;
