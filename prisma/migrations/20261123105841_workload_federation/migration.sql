-- CreateTable
CREATE TABLE "TrustConfiguration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "jwks" TEXT,
    "audiences" TEXT NOT NULL,
    "clockSkewSeconds" INTEGER NOT NULL DEFAULT 60,
    "instanceClaim" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TrustConfiguration_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FederatedBinding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "trustConfigurationId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "requiredClaims" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FederatedBinding_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "FederatedBinding_trustConfigurationId_fkey" FOREIGN KEY ("trustConfigurationId") REFERENCES "TrustConfiguration" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TrustConfiguration_name_key" ON "TrustConfiguration"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TrustConfiguration_issuer_key" ON "TrustConfiguration"("issuer");

-- CreateIndex
CREATE INDEX "FederatedBinding_by_trust" ON "FederatedBinding"("trustConfigurationId");

-- CreateIndex
CREATE INDEX "FederatedBinding_by_agent" ON "FederatedBinding"("agentId");

