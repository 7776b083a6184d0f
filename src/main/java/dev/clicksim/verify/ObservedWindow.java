package dev.clicksim.verify;

/** The final count the pipeline's database holds for one (campaign, window). */
public record ObservedWindow(String campaignId, long windowStartMs, long windowEndMs, long count) {}
