import { signalsHandler } from "@/lib/http/signals-route";

export const dynamic = "force-dynamic";

/** State-change signals from registered providers: a SET (application/secevent+jwt) or the JSON form. */
export const POST = signalsHandler;
