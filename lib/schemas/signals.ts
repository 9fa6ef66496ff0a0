import { z } from "zod";
import { ZText } from "./text";

export const ZRegisterSignalProvider = z.strictObject({
  name: ZText({ min: 1, max: 100 }),
  jwks: z.unknown().refine((v) => v !== undefined, "is required"),
});
export type TRegisterSignalProvider = z.infer<typeof ZRegisterSignalProvider>;
