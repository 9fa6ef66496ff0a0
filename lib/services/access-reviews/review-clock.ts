// Access reviews run on the application clock (lib/clock.ts), so that an
// end-to-end test that moves it past a due date sees the same "now" in the
// dashboard as in the job. Routes and pages wrap their context with this.
import { now as applicationNow } from "@/lib/clock";
import type { ServiceContext } from "../context";

export function onReviewClock(ctx: ServiceContext): ServiceContext {
  return { ...ctx, now: applicationNow };
}
