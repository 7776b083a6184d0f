package dev.clicksim.simulation;

/**
 * One shopper click as it is sent to {@code click_events}.
 *
 * @param eventTimeMs event time, epoch milliseconds; also the Kafka record timestamp
 * @param campaignId the campaign id as written to Kafka (the run's prefix included); also the
 *     record key
 * @param itemId the promoted item that was clicked
 * @param shopperId the shopper who clicked
 * @param sessionId the shopper's session
 * @param eventId unique per click; a duplicate delivery repeats it
 */
public record Click(
    long eventTimeMs,
    String campaignId,
    String itemId,
    String shopperId,
    String sessionId,
    String eventId) {}
