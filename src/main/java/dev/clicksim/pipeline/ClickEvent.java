package dev.clicksim.pipeline;

/**
 * A click event as read back from {@code click_events}; any field may be null when the JSON lacks
 * it.
 */
public record ClickEvent(
    String eventId,
    String itemId,
    String campaignId,
    String shopperId,
    String sessionId,
    String timestamp) {}
