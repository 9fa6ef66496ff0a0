// The one way into Cedar (@cedar-policy/cedar-wasm) for the policy layer.
//
// Why this module exists: on Node 20 (V8 11.3) TurboFan inlines calls from
// JavaScript into WebAssembly (--turbo-inline-js-wasm-calls, on by default).
// When such an optimised call site deoptimises, V8 can abort the whole process:
// "Fatal error in , line 0 / unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation. Under steady load it did, on the
// token endpoint (the production server, and a bare node:http harness making
// the same Cedar calls): with the default flags, 3 of 3 in-process runs of
// bench/broker/inproc.ts died within ~25,000 requests; with the inlining off
// (on the command line, or set here at run time), none of 9 runs (~165,000
// token requests), nor any benchmark since. Turning it off before any Cedar
// call site is hot removes the crash, for the price of an ordinary (not
// inlined) call into WebAssembly — a handful of calls per request.
//
// This is a process-wide V8 setting, not policy logic; it lives here so that
// every process that evaluates policy (server, tests, scripts) gets it by
// importing Cedar at all.
import v8 from "node:v8";

v8.setFlagsFromString("--no-turbo-inline-js-wasm-calls");

export {
  checkParseSchema,
  formatPolicies,
  policySetTextToParts,
  policyToJson,
  preparsePolicySet,
  preparseSchema,
  statefulIsAuthorized,
  validate,
  type AuthorizationAnswer,
  type DetailedError,
  type EntityJson,
  type PolicyJson,
} from "@cedar-policy/cedar-wasm/nodejs";
