-- CreateEnum
CREATE TYPE "TrustKind" AS ENUM ('OIDC', 'STATIC_JWKS', 'SPIFFE');

-- CreateTable
CREATE TABLE "TrustConfiguration" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "TrustKind" NOT NULL,
    "issuer" TEXT NOT NULL,
    "jwks" TEXT,
    "audiences" TEXT NOT NULL,
    "clockSkewSeconds" INTEGER NOT NULL DEFAULT 60,
    "instanceClaim" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrustConfiguration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FederatedBinding" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "trustConfigurationId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "requiredClaims" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FederatedBinding_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrustConfiguration_name_key" ON "TrustConfiguration"("name");

-- CreateIndex
CREATE UNIQUE INDEX "TrustConfiguration_issuer_key" ON "TrustConfiguration"("issuer");

-- CreateIndex
CREATE INDEX "FederatedBinding_by_trust" ON "FederatedBinding"("trustConfigurationId");

-- CreateIndex
CREATE INDEX "FederatedBinding_by_agent" ON "FederatedBinding"("agentId");

-- AddForeignKey
ALTER TABLE "TrustConfiguration" ADD CONSTRAINT "TrustConfiguration_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FederatedBinding" ADD CONSTRAINT "FederatedBinding_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FederatedBinding" ADD CONSTRAINT "FederatedBinding_trustConfigurationId_fkey" FOREIGN KEY ("trustConfigurationId") REFERENCES "TrustConfiguration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

