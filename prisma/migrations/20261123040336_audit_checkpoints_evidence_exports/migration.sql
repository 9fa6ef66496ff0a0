-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "slot" TEXT,
    "kid" TEXT NOT NULL,
    "jws" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "EvidenceExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestedById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "periodFrom" DATETIME NOT NULL,
    "periodTo" DATETIME NOT NULL,
    "filters" TEXT NOT NULL,
    "redaction" TEXT NOT NULL,
    "totalEvents" INTEGER NOT NULL DEFAULT 0,
    "processedEvents" INTEGER NOT NULL DEFAULT 0,
    "exportedEvents" INTEGER NOT NULL DEFAULT 0,
    "claimedUntil" DATETIME,
    "manifestSha256" TEXT,
    "fileName" TEXT,
    "fileBytes" INTEGER,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "EvidenceExport_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_slot_key" ON "AuditCheckpoint"("slot");

-- CreateIndex
CREATE INDEX "AuditCheckpoint_by_seq" ON "AuditCheckpoint"("seq");

-- CreateIndex
CREATE INDEX "EvidenceExport_by_requester" ON "EvidenceExport"("requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "EvidenceExport_by_status" ON "EvidenceExport"("status", "createdAt");


-- Checkpoints are evidence too: the database refuses to edit or delete them.
CREATE TRIGGER "AuditCheckpoint_no_update" BEFORE UPDATE ON "AuditCheckpoint"
BEGIN SELECT RAISE(ABORT, 'AuditCheckpoint is append-only'); END;
CREATE TRIGGER "AuditCheckpoint_no_delete" BEFORE DELETE ON "AuditCheckpoint"
BEGIN SELECT RAISE(ABORT, 'AuditCheckpoint is append-only'); END;
