-- CreateEnum
CREATE TYPE "PolicyDraftStatus" AS ENUM ('DRAFT', 'PROPOSED', 'ACTIVATED', 'DISCARDED');

-- AlterTable
ALTER TABLE "PolicySet" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "draftId" TEXT;

-- CreateTable
CREATE TABLE "PolicyDraft" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "testsJson" TEXT NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "status" "PolicyDraftStatus" NOT NULL DEFAULT 'DRAFT',
    "baseVersion" INTEGER NOT NULL,
    "authorId" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicyDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicySimulation" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "draftRevision" INTEGER NOT NULL,
    "activeVersion" INTEGER NOT NULL,
    "runById" TEXT NOT NULL,
    "requested" INTEGER NOT NULL,
    "replayed" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "resultJson" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PolicySimulation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyDraft_by_status" ON "PolicyDraft"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "PolicySimulation_by_draft" ON "PolicySimulation"("draftId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PolicySet_draftId_key" ON "PolicySet"("draftId");

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PolicyDraft"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyDraft" ADD CONSTRAINT "PolicyDraft_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySimulation" ADD CONSTRAINT "PolicySimulation_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PolicyDraft"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySimulation" ADD CONSTRAINT "PolicySimulation_runById_fkey" FOREIGN KEY ("runById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

