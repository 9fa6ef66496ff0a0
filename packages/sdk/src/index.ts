// @mandate/agent-sdk: connect an AI agent to Mandate in a few lines, and
// verify Mandate credentials at the systems agents call.
export { MandateAgent, CIBA_GRANT, TOKEN_EXCHANGE_GRANT, type AgentOptions, type CredentialRequest, type DelegationRequest, type CompletedTask } from "./agent.ts";
export { Credential, type AgentTaskDetail, type TokenResponse } from "./credential.ts";
export { MandateError, isMandateError, type LocalErrorCode } from "./errors.ts";
export { discover, type Fetch, type ServerMetadata } from "./http.ts";
export { generateAgentKey, importAgentKey, loadAgentKey, writePrivateKeyFile, publicJwks, ephemeralDpopKey, type AgentKey, type KeyAlgorithm } from "./keys.ts";
export { createClientAssertion, createDpopProof, thumbprintOf, accessTokenHash, JWT_BEARER_ASSERTION } from "./proofs.ts";
export { waitForApproval, type PendingApproval, type WaitOptions } from "./step-up.ts";
export { JwksCache, type JwksCacheOptions } from "./jwks-cache.ts";
export { TokenVerifier, TokenRefusal, createTokenVerifier, type VerifierOptions, type VerifiedToken, type RequestToVerify } from "./resource-server.ts";
export { subscribeRevocations, RevocationSubscription, type RevocationNotice, type RevocationStreamOptions } from "./revocations.ts";
