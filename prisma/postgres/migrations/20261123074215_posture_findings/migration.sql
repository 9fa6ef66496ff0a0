-- AlterTable
ALTER TABLE "AgentIdentity" ADD COLUMN     "jwksKeysAddedAt" TEXT NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "PostureFinding" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severityRank" INTEGER NOT NULL,
    "details" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,
    "openKey" TEXT,

    CONSTRAINT "PostureFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostureRun" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "agentsEvaluated" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "openTotal" INTEGER NOT NULL,
    "openByKind" TEXT NOT NULL,
    "openBySeverity" TEXT NOT NULL,

    CONSTRAINT "PostureRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PostureFinding_openKey_key" ON "PostureFinding"("openKey");

-- CreateIndex
CREATE INDEX "PostureFinding_open_by_severity" ON "PostureFinding"("resolvedAt", "severityRank", "firstSeenAt");

-- CreateIndex
CREATE INDEX "PostureFinding_by_agent" ON "PostureFinding"("agentId", "resolvedAt");

-- CreateIndex
CREATE INDEX "PostureFinding_by_kind" ON "PostureFinding"("kind", "resolvedAt");

-- CreateIndex
CREATE INDEX "PostureRun_last_by_trigger" ON "PostureRun"("trigger", "finishedAt");

-- CreateIndex
CREATE INDEX "PostureRun_trend" ON "PostureRun"("finishedAt");

-- CreateIndex
CREATE INDEX "Decision_usage_by_outcome" ON "Decision"("outcome", "agentId", "audience", "actions", "createdAt");

-- CreateIndex
CREATE INDEX "Credential_by_revocation" ON "Credential"("revokedAt");

-- AddForeignKey
ALTER TABLE "PostureFinding" ADD CONSTRAINT "PostureFinding_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

