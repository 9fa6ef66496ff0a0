-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED', 'REVOKED');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('ALLOW', 'DENY', 'STEP_UP');

-- CreateEnum
CREATE TYPE "StepUpStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'CANCELLED', 'REDEEMED');

-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateKeyEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),
    "publishUntil" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "PolicySet" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "schemaText" TEXT NOT NULL,
    "testsJson" TEXT NOT NULL DEFAULT '[]',
    "description" TEXT NOT NULL DEFAULT '',
    "authorId" TEXT,
    "approverId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "PolicySet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "clientTaskId" TEXT,
    "intent" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "agentId" TEXT,
    "taskId" TEXT,
    "grantType" TEXT NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "reasons" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "requestDigest" TEXT NOT NULL,
    "latencyMicros" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepUpRequest" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "request" TEXT NOT NULL,
    "requestDigest" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "quorum" INTEGER NOT NULL,
    "status" "StepUpStatus" NOT NULL DEFAULT 'PENDING',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "redeemedAt" TIMESTAMP(3),
    "credentialId" TEXT,
    "lastPolledAt" TIMESTAMP(3),
    "pollInterval" INTEGER NOT NULL DEFAULT 5,

    CONSTRAINT "StepUpRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepUpVote" (
    "id" TEXT NOT NULL,
    "stepUpId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "vote" TEXT NOT NULL,
    "justification" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StepUpVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "jtiHash" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "authorizationDetails" TEXT NOT NULL,
    "dpopJkt" TEXT,
    "kid" TEXT NOT NULL,
    "parentId" TEXT,
    "delegationDepth" INTEGER NOT NULL DEFAULT 0,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokeReason" TEXT,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProtectedResource" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "jwks" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProtectedResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplayGuard" (
    "key" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplayGuard_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "subject" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SigningKey_by_retired" ON "SigningKey"("retiredAt");

-- CreateIndex
CREATE UNIQUE INDEX "PolicySet_version_key" ON "PolicySet"("version");

-- CreateIndex
CREATE INDEX "PolicySet_by_active" ON "PolicySet"("active");

-- CreateIndex
CREATE INDEX "Task_live_by_agent" ON "Task"("agentId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Task_client_id_per_agent" ON "Task"("agentId", "clientTaskId");

-- CreateIndex
CREATE INDEX "Decision_by_agent_time" ON "Decision"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Decision_by_time" ON "Decision"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StepUpRequest_decisionId_key" ON "StepUpRequest"("decisionId");

-- CreateIndex
CREATE UNIQUE INDEX "StepUpRequest_credentialId_key" ON "StepUpRequest"("credentialId");

-- CreateIndex
CREATE INDEX "StepUp_pending_by_expiry" ON "StepUpRequest"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "StepUp_by_agent" ON "StepUpRequest"("agentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StepUpVote_one_per_person" ON "StepUpVote"("stepUpId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_jtiHash_key" ON "Credential"("jtiHash");

-- CreateIndex
CREATE INDEX "Credential_live_by_agent" ON "Credential"("agentId", "revokedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "Credential_by_task" ON "Credential"("taskId");

-- CreateIndex
CREATE INDEX "Credential_children" ON "Credential"("parentId");

-- CreateIndex
CREATE INDEX "Credential_by_audience" ON "Credential"("audience");

-- CreateIndex
CREATE INDEX "Credential_by_expiry" ON "Credential"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProtectedResource_name_key" ON "ProtectedResource"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ProtectedResource_audience_key" ON "ProtectedResource"("audience");

-- CreateIndex
CREATE INDEX "ReplayGuard_by_expiry" ON "ReplayGuard"("expiresAt");

-- CreateIndex
CREATE INDEX "Notification_inbox" ON "Notification"("userId", "readAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepUpRequest" ADD CONSTRAINT "StepUpRequest_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepUpVote" ADD CONSTRAINT "StepUpVote_stepUpId_fkey" FOREIGN KEY ("stepUpId") REFERENCES "StepUpRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepUpVote" ADD CONSTRAINT "StepUpVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Credential"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

