"use client";
import { useState } from "react";
import type { CreatedAccessToken } from "@/lib/client/types";
import { CreateTokenForm } from "./create-token-form";
import { NewTokenNotice } from "./new-token-notice";
import { TokenTable } from "./token-table";

export function TokensPanel() {
  // Held only in memory: leaving the page forgets the token for good.
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);
  return (
    <div className="space-y-6">
      {created && <NewTokenNotice token={created} onDone={() => setCreated(null)} />}
      <TokenTable />
      <CreateTokenForm onCreated={setCreated} />
    </div>
  );
}
