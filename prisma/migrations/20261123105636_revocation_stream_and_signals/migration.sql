-- AlterTable
ALTER TABLE "Credential" ADD COLUMN "instanceId" TEXT;

-- CreateTable
CREATE TABLE "RevocationEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "credentialId" TEXT NOT NULL,
    "jtiHash" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "revokedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "RevocationEvent_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SignalProvider" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "jwks" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RevocationEvent_stream" ON "RevocationEvent"("audience", "seq");

-- CreateIndex
CREATE INDEX "RevocationEvent_by_credential" ON "RevocationEvent"("credentialId");

-- CreateIndex
CREATE UNIQUE INDEX "SignalProvider_name_key" ON "SignalProvider"("name");

-- CreateIndex
CREATE INDEX "Credential_by_instance" ON "Credential"("instanceId");

