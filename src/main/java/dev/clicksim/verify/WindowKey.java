package dev.clicksim.verify;

/** One (campaign, window), by its start. */
public record WindowKey(String campaignId, long windowStartMs) {}
