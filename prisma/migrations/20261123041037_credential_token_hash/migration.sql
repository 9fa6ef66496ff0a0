-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "tokenHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Credential_tokenHash_key" ON "Credential"("tokenHash");

