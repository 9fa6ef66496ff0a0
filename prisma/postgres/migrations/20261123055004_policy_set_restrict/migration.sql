-- DropForeignKey
ALTER TABLE "PolicySet" DROP CONSTRAINT "PolicySet_authorId_fkey";

-- DropForeignKey
ALTER TABLE "PolicySet" DROP CONSTRAINT "PolicySet_approverId_fkey";

-- DropForeignKey
ALTER TABLE "PolicySet" DROP CONSTRAINT "PolicySet_draftId_fkey";

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicySet" ADD CONSTRAINT "PolicySet_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PolicyDraft"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

