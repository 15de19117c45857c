/**
 * The knowledge base's numbers. The seeds ask for review and correction (AH:30 查漏纠错, TN:6(六))
 * but set no limits, so these are the deployment's choice, with the defaults below.
 */
export interface KnowledgeSettings {
  /** Working days the owning unit has to answer a correction report. */
  correctionWorkingDays: number;
  /** Days before the review-by date when the unit is first reminded. */
  reviewReminderDays: number;
}

export const DEFAULT_KNOWLEDGE_SETTINGS: KnowledgeSettings = {
  correctionWorkingDays: 5,
  reviewReminderDays: 14,
};
