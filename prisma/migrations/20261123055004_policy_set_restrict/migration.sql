-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PolicySet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "schemaText" TEXT NOT NULL,
    "testsJson" TEXT NOT NULL DEFAULT '[]',
    "description" TEXT NOT NULL DEFAULT '',
    "authorId" TEXT,
    "approverId" TEXT,
    "draftId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME,
    "deactivatedAt" DATETIME,
    "active" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "PolicySet_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PolicySet_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PolicySet_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "PolicyDraft" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PolicySet" ("activatedAt", "active", "approverId", "authorId", "createdAt", "deactivatedAt", "description", "draftId", "id", "schemaText", "testsJson", "text", "version") SELECT "activatedAt", "active", "approverId", "authorId", "createdAt", "deactivatedAt", "description", "draftId", "id", "schemaText", "testsJson", "text", "version" FROM "PolicySet";
DROP TABLE "PolicySet";
ALTER TABLE "new_PolicySet" RENAME TO "PolicySet";
CREATE UNIQUE INDEX "PolicySet_version_key" ON "PolicySet"("version");
CREATE UNIQUE INDEX "PolicySet_draftId_key" ON "PolicySet"("draftId");
CREATE INDEX "PolicySet_by_active" ON "PolicySet"("active");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

