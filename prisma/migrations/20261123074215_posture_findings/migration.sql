-- CreateTable
CREATE TABLE "PostureFinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "severityRank" INTEGER NOT NULL,
    "details" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolution" TEXT,
    "openKey" TEXT,
    CONSTRAINT "PostureFinding_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PostureRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "agentsEvaluated" INTEGER NOT NULL,
    "opened" INTEGER NOT NULL,
    "resolved" INTEGER NOT NULL,
    "openTotal" INTEGER NOT NULL,
    "openByKind" TEXT NOT NULL,
    "openBySeverity" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgentIdentity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "environment" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "riskTier" TEXT NOT NULL,
    "ceilingAudiences" TEXT NOT NULL,
    "ceilingActions" TEXT NOT NULL,
    "ceilingMaxTtlSeconds" INTEGER NOT NULL,
    "jwks" TEXT NOT NULL,
    "requireDpop" BOOLEAN NOT NULL DEFAULT false,
    "jwksKeysAddedAt" TEXT NOT NULL DEFAULT '{}',
    "spiffeId" TEXT,
    "statusReason" TEXT,
    "statusChangedAt" DATETIME,
    "lastSeenAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "currentOwnershipId" TEXT,
    CONSTRAINT "AgentIdentity_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AgentIdentity_currentOwnershipId_fkey" FOREIGN KEY ("currentOwnershipId") REFERENCES "Ownership" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AgentIdentity" ("ceilingActions", "ceilingAudiences", "ceilingMaxTtlSeconds", "createdAt", "createdById", "currentOwnershipId", "description", "environment", "id", "jwks", "lastSeenAt", "name", "nameKey", "requireDpop", "riskTier", "spiffeId", "status", "statusChangedAt", "statusReason", "updatedAt") SELECT "ceilingActions", "ceilingAudiences", "ceilingMaxTtlSeconds", "createdAt", "createdById", "currentOwnershipId", "description", "environment", "id", "jwks", "lastSeenAt", "name", "nameKey", "requireDpop", "riskTier", "spiffeId", "status", "statusChangedAt", "statusReason", "updatedAt" FROM "AgentIdentity";
DROP TABLE "AgentIdentity";
ALTER TABLE "new_AgentIdentity" RENAME TO "AgentIdentity";
CREATE UNIQUE INDEX "AgentIdentity_nameKey_key" ON "AgentIdentity"("nameKey");
CREATE UNIQUE INDEX "AgentIdentity_currentOwnershipId_key" ON "AgentIdentity"("currentOwnershipId");
CREATE INDEX "Agent_by_filters" ON "AgentIdentity"("status", "environment", "riskTier");
CREATE INDEX "Agent_by_created" ON "AgentIdentity"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

