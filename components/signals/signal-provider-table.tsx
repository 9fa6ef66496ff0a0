"use client";
// The registered signal providers: who may report restarts, leaks, posture
// changes and revoked sessions, and with which keys (their ids and types).
import { errorMessage } from "@/lib/client/api";
import { useSignalProviders } from "@/lib/client/use-signal-providers";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

export function SignalProviderTable() {
  const providers = useSignalProviders();
  if (providers.isError) return <Alert tone="error">{errorMessage(providers.error)}</Alert>;
  if (!providers.data) return <p className="text-sm text-zinc-500">Loading signal providers…</p>;
  if (providers.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">No signal providers are registered.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Signal providers</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Provider id</th>
            <th scope="col" className={TH}>Keys</th>
            <th scope="col" className={TH}>Registered</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {providers.data.map((p) => (
            <tr key={p.id}>
              <td className={`${TD} font-medium`}>{p.name}</td>
              <td className={`${TD} font-mono text-xs`}>{p.id}</td>
              <td className={`${TD} font-mono text-xs`}>
                <ul className="space-y-0.5">
                  {p.jwks.keys.map((k) => (
                    <li key={k.kid}>
                      {k.kid} <span className="font-sans text-zinc-500">({k.crv})</span>
                    </li>
                  ))}
                </ul>
              </td>
              <td className={`${TD} whitespace-nowrap`}><DateTime iso={p.createdAt} dateOnly /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
