-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RevocationEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "credentialId" TEXT NOT NULL,
    "jtiHash" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "revokedAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RevocationEvent_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_RevocationEvent" ("audience", "credentialId", "expiresAt", "jtiHash", "revokedAt", "seq", "trigger") SELECT "audience", "credentialId", "expiresAt", "jtiHash", "revokedAt", "seq", "trigger" FROM "RevocationEvent";
DROP TABLE "RevocationEvent";
ALTER TABLE "new_RevocationEvent" RENAME TO "RevocationEvent";
CREATE INDEX "RevocationEvent_stream" ON "RevocationEvent"("audience", "seq");
CREATE INDEX "RevocationEvent_by_credential" ON "RevocationEvent"("credentialId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

