-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "instanceId" TEXT;

-- CreateTable
CREATE TABLE "RevocationEvent" (
    "seq" SERIAL NOT NULL,
    "credentialId" TEXT NOT NULL,
    "jtiHash" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RevocationEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "SignalProvider" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jwks" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignalProvider_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RevocationEvent_stream" ON "RevocationEvent"("audience", "seq");

-- CreateIndex
CREATE INDEX "RevocationEvent_by_credential" ON "RevocationEvent"("credentialId");

-- CreateIndex
CREATE UNIQUE INDEX "SignalProvider_name_key" ON "SignalProvider"("name");

-- CreateIndex
CREATE INDEX "Credential_by_instance" ON "Credential"("instanceId");

-- AddForeignKey
ALTER TABLE "RevocationEvent" ADD CONSTRAINT "RevocationEvent_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

