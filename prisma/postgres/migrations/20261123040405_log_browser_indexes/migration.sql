-- DropForeignKey
ALTER TABLE "AgentIdentity" DROP CONSTRAINT "AgentIdentity_currentOwnershipId_fkey";

-- DropForeignKey
ALTER TABLE "Ownership" DROP CONSTRAINT "Ownership_backupOwnerId_fkey";

-- DropForeignKey
ALTER TABLE "Decision" DROP CONSTRAINT "Decision_agentId_fkey";

-- DropForeignKey
ALTER TABLE "Decision" DROP CONSTRAINT "Decision_taskId_fkey";

-- DropForeignKey
ALTER TABLE "Credential" DROP CONSTRAINT "Credential_parentId_fkey";

-- DropIndex
DROP INDEX "Audit_by_type_time";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "decisionId" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "actions" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "audience" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "intent" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "ownerId" TEXT;

-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "firstIntrospectedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Audit_by_type_time" ON "AuditEvent"("type", "occurredAt", "seq");

-- CreateIndex
CREATE INDEX "Audit_log_by_time" ON "AuditEvent"("occurredAt", "seq", "decisionId");

-- CreateIndex
CREATE INDEX "Audit_log_by_agent" ON "AuditEvent"("agentId", "occurredAt", "seq");

-- CreateIndex
CREATE INDEX "Audit_by_decision" ON "AuditEvent"("decisionId");

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_currentOwnershipId_fkey" FOREIGN KEY ("currentOwnershipId") REFERENCES "Ownership"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ownership" ADD CONSTRAINT "Ownership_backupOwnerId_fkey" FOREIGN KEY ("backupOwnerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Backfill (hand-written): the log browser's columns of decisions recorded
-- before this migration come from the recorded input and the ownership in force at the time.
UPDATE "Decision" d SET
  "audience" = COALESCE(d."input"::jsonb #>> '{request,audience}', ''),
  "actions" = COALESCE(d."input"::jsonb #> '{request,actions}', '[]'::jsonb)::text,
  "intent" = COALESCE(d."input"::jsonb #>> '{request,context,intent}', ''),
  "ownerId" = (SELECT o."ownerId" FROM "Ownership" o WHERE o."agentId" = d."agentId" AND o."assignedAt" <= d."createdAt" AND (o."endedAt" IS NULL OR o."endedAt" > d."createdAt") ORDER BY o."assignedAt" DESC LIMIT 1);

-- The derived columns of events written before this migration. AuditEvent is
-- append-only; the guard is lifted for this one statement, which touches no
-- hashed field, and restored at once (inside the migration's transaction).
ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_update_or_delete";
UPDATE "AuditEvent" SET
  "agentId" = COALESCE(
    CASE WHEN jsonb_typeof("data"::jsonb -> 'agentId') = 'string' THEN "data"::jsonb ->> 'agentId' END,
    CASE WHEN "targetType" = 'agent' THEN "targetId" END,
    CASE WHEN "actorType" = 'AGENT' THEN "actorId" END),
  "decisionId" = COALESCE(
    CASE WHEN "targetType" = 'decision' THEN "targetId" END,
    CASE WHEN jsonb_typeof("data"::jsonb -> 'decisionId') = 'string' THEN "data"::jsonb ->> 'decisionId' END);
ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_no_update_or_delete";
