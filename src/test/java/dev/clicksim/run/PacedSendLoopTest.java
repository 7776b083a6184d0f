package dev.clicksim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clicksim.simulation.Click;
import dev.clicksim.simulation.Delivery;
import dev.clicksim.truth.TruthLedger;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedSendLoopTest {

  private static final long MS = 1_000_000L;

  /** A clock that moves only when the loop waits, or when a send takes time. */
  private long now = 1_000 * MS;

  private record Sent(String eventId, long intendedNanos, long sentAtNanos, long place) {}

  private static Delivery delivery(
      String id, long eventTimeMs, long sendOffsetMs, boolean duplicate) {
    return new Delivery(
        new Click(eventTimeMs, "c", "i", "s", "x", id), sendOffsetMs * MS, duplicate, eventTimeMs);
  }

  private TruthLedger ledger() {
    return new TruthLedger(WindowSpec.DEFAULT, campaign -> 0);
  }

  @Test
  void should_send_each_delivery_at_its_scheduled_time_without_drift() {
    List<Sent> sent = new ArrayList<>();
    List<Delivery> deliveries =
        List.of(
            delivery("a", 0, 0, false), delivery("b", 10, 10, false), delivery("c", 30, 30, false));
    long start = now;
    PacedSendLoop.Outcome o =
        new PacedSendLoop(() -> now, nanos -> now += nanos)
            .run(
                deliveries.iterator(),
                (click, intended, place, duplicate) -> {
                  sent.add(new Sent(click.eventId(), intended, now, place));
                  now += 7 * MS; // every send takes 7 ms: the schedule must not slip by it
                },
                ledger(),
                () -> false,
                new PacedSendLoop.Progress());
    assertThat(o.deliveries()).isEqualTo(3);
    assertThat(o.stopped()).isFalse();
    assertThat(sent)
        .extracting(Sent::intendedNanos)
        .containsExactly(start, start + 10 * MS, start + 30 * MS);
    assertThat(sent)
        .extracting(Sent::sentAtNanos)
        .containsExactly(start, start + 10 * MS, start + 30 * MS);
  }

  @Test
  void should_send_late_deliveries_at_once_and_report_how_far_behind_it_fell() {
    List<Sent> sent = new ArrayList<>();
    List<Delivery> deliveries =
        List.of(delivery("a", 0, 0, false), delivery("b", 1, 1, false), delivery("c", 2, 2, false));
    long start = now;
    PacedSendLoop.Outcome o =
        new PacedSendLoop(() -> now, nanos -> now += nanos)
            .run(
                deliveries.iterator(),
                (click, intended, place, duplicate) -> {
                  sent.add(new Sent(click.eventId(), intended, now, place));
                  now += 5 * MS;
                },
                ledger(),
                () -> false,
                new PacedSendLoop.Progress());
    assertThat(sent)
        .extracting(Sent::sentAtNanos)
        .containsExactly(start, start + 5 * MS, start + 10 * MS);
    assertThat(o.maxLagNanos()).isEqualTo(13 * MS); // c: intended at 2 ms, sent at 10 ms, took 5 ms
  }

  @Test
  void should_give_each_click_its_place_in_the_window_and_mark_duplicates_in_the_ledger() {
    List<Sent> sent = new ArrayList<>();
    TruthLedger ledger = ledger();
    List<Delivery> deliveries =
        List.of(delivery("a", 0, 0, false), delivery("b", 5, 0, false), delivery("b", 5, 0, true));
    new PacedSendLoop(() -> now, nanos -> now += nanos)
        .run(
            deliveries.iterator(),
            (click, intended, place, duplicate) ->
                sent.add(new Sent(click.eventId(), intended, now, place)),
            ledger,
            () -> false,
            new PacedSendLoop.Progress());
    assertThat(sent).extracting(Sent::place).containsExactly(1L, 2L, 3L);
    assertThat(ledger.duplicates()).isEqualTo(1);
    assertThat(ledger.expected()).isEqualTo(3);
  }

  @Test
  void should_stop_when_asked_and_record_only_what_was_sent() {
    List<Sent> sent = new ArrayList<>();
    TruthLedger ledger = ledger();
    List<Delivery> deliveries =
        List.of(
            delivery("a", 0, 0, false),
            delivery("b", 1, 1000, false),
            delivery("c", 2, 2000, false));
    PacedSendLoop.Outcome o =
        new PacedSendLoop(() -> now, nanos -> now += nanos)
            .run(
                deliveries.iterator(),
                (click, intended, place, duplicate) ->
                    sent.add(new Sent(click.eventId(), intended, now, place)),
                ledger,
                () -> sent.size() == 1,
                new PacedSendLoop.Progress());
    assertThat(o.stopped()).isTrue();
    assertThat(o.deliveries()).isEqualTo(1);
    assertThat(ledger.sent()).isEqualTo(1);
  }

  @Test
  void should_leave_a_click_that_could_not_be_handed_over_out_of_the_truth() {
    TruthLedger ledger = ledger();
    List<Delivery> deliveries =
        List.of(delivery("a", 0, 0, false), delivery("b", 200_000, 0, false));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PacedSendLoop(() -> now, nanos -> now += nanos)
                    .run(
                        deliveries.iterator(),
                        (click, intended, place, duplicate) -> {
                          if (click.eventId().equals("b")) {
                            throw new IllegalStateException("broker gone");
                          }
                        },
                        ledger,
                        () -> false,
                        new PacedSendLoop.Progress()))
        .hasMessage("broker gone");
    assertThat(ledger.sent()).isEqualTo(1);
    assertThat(ledger.windows())
        .hasSize(2)
        .allSatisfy(w -> assertThat(w.sent()).isLessThanOrEqualTo(1));
    assertThat(ledger.windows().get(1).sent()).isZero();
    // b's event time no longer counts as stream time: a click at 0 s is still on time.
    assertThat(ledger.record(new dev.clicksim.simulation.Click(1_000, "c", "i", "s", "x", "late?")))
        .isEqualTo(2);
  }
}
