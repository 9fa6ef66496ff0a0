-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "slot" TEXT,
    "kid" TEXT NOT NULL,
    "jws" TEXT NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceExport" (
    "id" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "periodFrom" TIMESTAMP(3) NOT NULL,
    "periodTo" TIMESTAMP(3) NOT NULL,
    "filters" TEXT NOT NULL,
    "redaction" TEXT NOT NULL,
    "totalEvents" INTEGER NOT NULL DEFAULT 0,
    "processedEvents" INTEGER NOT NULL DEFAULT 0,
    "exportedEvents" INTEGER NOT NULL DEFAULT 0,
    "claimedUntil" TIMESTAMP(3),
    "manifestSha256" TEXT,
    "fileName" TEXT,
    "fileBytes" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "EvidenceExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_slot_key" ON "AuditCheckpoint"("slot");

-- CreateIndex
CREATE INDEX "AuditCheckpoint_by_seq" ON "AuditCheckpoint"("seq");

-- CreateIndex
CREATE INDEX "EvidenceExport_by_requester" ON "EvidenceExport"("requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "EvidenceExport_by_status" ON "EvidenceExport"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "EvidenceExport" ADD CONSTRAINT "EvidenceExport_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Checkpoints are evidence too: the database refuses to edit or delete them.
CREATE FUNCTION "mandate_checkpoint_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditCheckpoint is append-only';
END;
$$;
CREATE TRIGGER "AuditCheckpoint_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION "mandate_checkpoint_append_only"();
CREATE TRIGGER "AuditCheckpoint_no_truncate" BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION "mandate_checkpoint_append_only"();
