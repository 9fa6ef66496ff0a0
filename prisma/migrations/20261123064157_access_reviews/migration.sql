-- CreateTable
CREATE TABLE "AccessReviewCampaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "scopeKind" TEXT NOT NULL,
    "scopeValue" TEXT,
    "dueAt" DATETIME NOT NULL,
    "onOverdue" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "openedById" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "AccessReviewCampaign_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccessReviewTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "unowned" BOOLEAN NOT NULL DEFAULT false,
    "ceilingAtOpen" TEXT NOT NULL,
    "decision" TEXT,
    "justification" TEXT,
    "narrowedCeiling" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "remindedAt" DATETIME,
    "overdueOutcome" TEXT,
    "overdueAt" DATETIME,
    CONSTRAINT "AccessReviewTask_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "AccessReviewCampaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AccessReviewTask_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "AgentIdentity" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AccessReviewTask_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AccessReviewTask_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AccessReviewCampaign_open_by_due" ON "AccessReviewCampaign"("status", "dueAt");

-- CreateIndex
CREATE INDEX "AccessReviewCampaign_by_opened" ON "AccessReviewCampaign"("openedAt");

-- CreateIndex
CREATE INDEX "AccessReviewCampaign_by_closed" ON "AccessReviewCampaign"("closedAt");

-- CreateIndex
CREATE INDEX "AccessReviewTask_inbox" ON "AccessReviewTask"("reviewerId", "decidedAt");

-- CreateIndex
CREATE INDEX "AccessReviewTask_progress" ON "AccessReviewTask"("campaignId", "decision");

-- CreateIndex
CREATE INDEX "AccessReviewTask_by_agent" ON "AccessReviewTask"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "AccessReviewTask_one_per_agent" ON "AccessReviewTask"("campaignId", "agentId");

