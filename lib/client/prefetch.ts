// Server pages render their first data into the TanStack cache under the same
// keys the client hooks use; <HydrationBoundary> hands it to the browser, so
// the page shows data at once and the hooks take over from there.
import { QueryClient, dehydrate, type DehydratedState, type QueryKey } from "@tanstack/react-query";

export function dehydrateEntries(entries: readonly (readonly [QueryKey, unknown])[]): DehydratedState {
  const qc = new QueryClient();
  for (const [key, data] of entries) qc.setQueryData(key, data);
  return dehydrate(qc);
}

/** An infinite query's cache shape for a first page fetched on the server. */
export function firstPage<T>(page: T) {
  return { pages: [page], pageParams: [null] };
}
