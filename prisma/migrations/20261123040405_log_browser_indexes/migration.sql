-- DropIndex
DROP INDEX "Audit_by_type_time";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "agentId" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "decisionId" TEXT;

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
CREATE TABLE "new_Ownership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "backupOwnerId" TEXT,
    "assignedById" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" DATETIME,
    "endedAt" DATETIME,
    CONSTRAINT "Ownership_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ownership_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ownership_backupOwnerId_fkey" FOREIGN KEY ("backupOwnerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Ownership_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Ownership" ("acknowledgedAt", "agentId", "assignedAt", "assignedById", "backupOwnerId", "endedAt", "id", "ownerId") SELECT "acknowledgedAt", "agentId", "assignedAt", "assignedById", "backupOwnerId", "endedAt", "id", "ownerId" FROM "Ownership";
DROP TABLE "Ownership";
ALTER TABLE "new_Ownership" RENAME TO "Ownership";
CREATE INDEX "Ownership_history_of_agent" ON "Ownership"("agentId", "assignedAt");
CREATE INDEX "Ownership_by_owner" ON "Ownership"("ownerId", "endedAt");
CREATE INDEX "Ownership_by_backup" ON "Ownership"("backupOwnerId", "endedAt");
CREATE TABLE "new_Decision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT,
    "taskId" TEXT,
    "grantType" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reasons" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "requestDigest" TEXT NOT NULL,
    "latencyMicros" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "audience" TEXT NOT NULL DEFAULT '',
    "actions" TEXT NOT NULL DEFAULT '[]',
    "intent" TEXT NOT NULL DEFAULT '',
    "ownerId" TEXT,
    CONSTRAINT "Decision_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Decision_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Backfill (hand-written): the log browser's columns come from the recorded input and the ownership in force at the time.
INSERT INTO "new_Decision" ("agentId", "createdAt", "grantType", "id", "input", "latencyMicros", "outcome", "policyVersion", "reasons", "requestDigest", "taskId", "audience", "actions", "intent", "ownerId") SELECT "agentId", "createdAt", "grantType", "id", "input", "latencyMicros", "outcome", "policyVersion", "reasons", "requestDigest", "taskId",
    COALESCE(json_extract("input", '$.request.audience'), ''),
    COALESCE(json_extract("input", '$.request.actions'), '[]'),
    COALESCE(json_extract("input", '$.request.context.intent'), ''),
    (SELECT o."ownerId" FROM "Ownership" o WHERE o."agentId" = d."agentId" AND o."assignedAt" <= d."createdAt" AND (o."endedAt" IS NULL OR o."endedAt" > d."createdAt") ORDER BY o."assignedAt" DESC LIMIT 1)
  FROM "Decision" d;
DROP TABLE "Decision";
ALTER TABLE "new_Decision" RENAME TO "Decision";
CREATE INDEX "Decision_by_agent_time" ON "Decision"("agentId", "createdAt");
CREATE INDEX "Decision_by_time" ON "Decision"("createdAt");
CREATE TABLE "new_Credential" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "issuedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "revokeReason" TEXT,
    "firstIntrospectedAt" DATETIME,
    CONSTRAINT "Credential_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Credential_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Credential_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Credential" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Credential" ("agentId", "audience", "authorizationDetails", "decisionId", "delegationDepth", "dpopJkt", "expiresAt", "id", "issuedAt", "jtiHash", "kid", "parentId", "revokeReason", "revokedAt", "taskId") SELECT "agentId", "audience", "authorizationDetails", "decisionId", "delegationDepth", "dpopJkt", "expiresAt", "id", "issuedAt", "jtiHash", "kid", "parentId", "revokeReason", "revokedAt", "taskId" FROM "Credential";
DROP TABLE "Credential";
ALTER TABLE "new_Credential" RENAME TO "Credential";
CREATE UNIQUE INDEX "Credential_jtiHash_key" ON "Credential"("jtiHash");
CREATE INDEX "Credential_live_by_agent" ON "Credential"("agentId", "revokedAt", "expiresAt");
CREATE INDEX "Credential_by_task" ON "Credential"("taskId");
CREATE INDEX "Credential_children" ON "Credential"("parentId");
CREATE INDEX "Credential_by_audience" ON "Credential"("audience");
CREATE INDEX "Credential_by_expiry" ON "Credential"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Audit_by_type_time" ON "AuditEvent"("type", "occurredAt", "seq");

-- CreateIndex
CREATE INDEX "Audit_log_by_time" ON "AuditEvent"("occurredAt", "seq", "decisionId");

-- CreateIndex
CREATE INDEX "Audit_log_by_agent" ON "AuditEvent"("agentId", "occurredAt", "seq");

-- CreateIndex
CREATE INDEX "Audit_by_decision" ON "AuditEvent"("decisionId");


-- Backfill (hand-written) of the derived columns of events written before this
-- migration. AuditEvent is append-only; the guard is lifted for this one
-- statement, which touches no hashed field, and restored at once.
DROP TRIGGER "AuditEvent_no_update";
UPDATE "AuditEvent" SET
  "agentId" = COALESCE(
    CASE WHEN json_type("data", '$.agentId') = 'text' THEN json_extract("data", '$.agentId') END,
    CASE WHEN "targetType" = 'agent' THEN "targetId" END,
    CASE WHEN "actorType" = 'AGENT' THEN "actorId" END),
  "decisionId" = COALESCE(
    CASE WHEN "targetType" = 'decision' THEN "targetId" END,
    CASE WHEN json_type("data", '$.decisionId') = 'text' THEN json_extract("data", '$.decisionId') END);
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
BEGIN SELECT RAISE(ABORT, 'AuditEvent is append-only'); END;
