package dev.clicksim.simulation;

/**
 * One send of a click, in send order.
 *
 * @param click the click; a duplicate delivery repeats the click exactly (same event id and event
 *     time)
 * @param sendOffsetNanos when to send it, relative to the run's start: the delivery's scenario time
 *     divided by the scenario's speed; 0 for every delivery at speed {@code max}
 * @param duplicate true for the second delivery of a click (a modelled upstream retry); the ledger
 *     records it with {@code recordDuplicate}
 * @param deliveryOffsetMs the delivery's scenario time, milliseconds from the anchor: the event
 *     time's offset for an in-order click, later for an out-of-order, late or duplicate one
 */
public record Delivery(
    Click click, long sendOffsetNanos, boolean duplicate, long deliveryOffsetMs) {}
