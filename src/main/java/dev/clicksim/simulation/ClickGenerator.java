package dev.clicksim.simulation;

import dev.clicksim.scenario.Scenario;
import dev.clicksim.window.WindowSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The clicks of a uniform-mode scenario ({@code clicks:}), in non-decreasing event-time order, as a
 * pure function of (scenario, seed, anchor, prefix). {@link ScenarioSimulation} wraps it and adds
 * disorder and send times.
 *
 * <p>Exactly {@link Scenario#clicks()} clicks come out; the pinned clicks count toward that total
 * (a pinned click comes before a random click with the same event time). The other clicks are
 * uniform over [anchor, anchor + duration): their offsets are drawn one by one as ascending uniform
 * order statistics, so nothing is sorted and memory stays O(campaigns + pinned clicks) however many
 * clicks a run sends.
 *
 * <p>Per click: campaign by weight, item uniformly among the campaign's items, shopper uniformly in
 * 1..shoppers. The session is the shopper's 30-minute slot of scenario time. Event ids are {@code
 * prefix + "e" + sequence in base 36}.
 */
public final class ClickGenerator implements Iterator<Click> {
  /** Length of the session slot a shopper's clicks fall into. */
  public static final long SESSION_SLOT_MS = 30 * 60_000L;

  private final SplittableRandom random;
  private final long anchorMs;
  private final long durationMs;
  private final String prefix;
  private final Scenario.Campaign[] campaigns;
  private final String[] campaignIds;
  private final double[] cumulativeWeights;
  private final long shoppers;
  private final List<Pin> pins;
  private final long total;

  private long emitted;
  private int nextPin;
  private long randomLeft;

  /** The last uniform order statistic drawn, in [0, 1). */
  private double position;

  private long lastRandomOffset;
  private long peekedOffset = -1;

  private record Pin(long offsetMs, int campaign) {}

  public ClickGenerator(Scenario scenario, long seed, long anchorMs, String campaignPrefix) {
    if (scenario.sessionMode()) {
      throw new IllegalArgumentException(
          "scenario " + scenario.name() + " uses sessions: generate it with ScenarioSimulation");
    }
    this.random = new SplittableRandom(seed);
    this.anchorMs = anchorMs;
    this.durationMs = scenario.duration().toMillis();
    this.prefix = campaignPrefix == null ? "" : campaignPrefix;
    this.campaigns = scenario.campaigns().toArray(Scenario.Campaign[]::new);
    this.campaignIds = new String[campaigns.length];
    this.cumulativeWeights = new double[campaigns.length];
    double sum = 0;
    for (int i = 0; i < campaigns.length; i++) {
      campaignIds[i] = prefix + campaigns[i].id();
      sum += campaigns[i].weight();
      cumulativeWeights[i] = sum;
    }
    this.shoppers = scenario.shoppers();
    List<Pin> p = new ArrayList<>();
    for (Scenario.PinnedClick pc : scenario.pinnedClicks()) {
      int idx = indexOf(pc.campaign());
      if (idx < 0) {
        throw new IllegalArgumentException(
            "pinned click names unknown campaign '" + pc.campaign() + "'");
      }
      p.add(new Pin(pc.at().toMillis(), idx));
    }
    // Stable sort: pins with the same offset keep their file order.
    p.sort(Comparator.comparingLong(Pin::offsetMs));
    this.pins = List.copyOf(p);
    this.total = scenario.clicks();
    if (total < pins.size()) {
      throw new IllegalArgumentException(
          "clicks (" + total + ") < pinned clicks (" + pins.size() + ")");
    }
    if (durationMs <= 0) {
      throw new IllegalArgumentException("duration must be > 0");
    }
    this.randomLeft = total - pins.size();
  }

  /**
   * The latest anchor aligned to a window start such that anchor + duration <= nowMs: every click
   * of the run is then in the past (the broker rejects timestamps too far in the future) and
   * windows line up with scenario offsets.
   */
  public static long alignedAnchor(long nowMs, Scenario s, WindowSpec w) {
    return w.startOf(nowMs - s.duration().toMillis());
  }

  @Override
  public boolean hasNext() {
    return emitted < total;
  }

  @Override
  public Click next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + total + " clicks generated");
    }
    if (randomLeft > 0 && peekedOffset < 0) {
      peekedOffset = drawNextOffset();
    }
    long offset;
    int campaign;
    if (nextPin < pins.size()
        && (peekedOffset < 0 || pins.get(nextPin).offsetMs() <= peekedOffset)) {
      Pin pin = pins.get(nextPin++);
      offset = pin.offsetMs();
      campaign = pin.campaign();
    } else {
      offset = peekedOffset;
      peekedOffset = -1;
      campaign = drawCampaign();
    }
    long seq = emitted++;
    Scenario.Campaign c = campaigns[campaign];
    String item = c.items().get(random.nextInt(c.items().size()));
    long shopper = 1 + random.nextLong(shoppers);
    String shopperId = "shopper-" + shopper;
    String sessionId = shopperId + "-s" + Long.toString(offset / SESSION_SLOT_MS, 36);
    return new Click(
        anchorMs + offset,
        campaignIds[campaign],
        item,
        shopperId,
        sessionId,
        prefix + "e" + Long.toString(seq, 36));
  }

  /**
   * Next of the remaining random offsets, ascending: the minimum of n uniforms on [x, 1) is x +
   * (1-x)(1 - V^(1/n)).
   */
  private long drawNextOffset() {
    double v = 1.0 - random.nextDouble(); // (0, 1]
    double step = -Math.expm1(Math.log(v) / randomLeft); // 1 - V^(1/n), precise for small steps
    position = position + (1.0 - position) * step;
    randomLeft--;
    long offset = (long) Math.floor(position * durationMs);
    offset = Math.min(Math.max(offset, lastRandomOffset), durationMs - 1);
    lastRandomOffset = offset;
    return offset;
  }

  private int drawCampaign() {
    double r = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    for (int i = 0; i < cumulativeWeights.length - 1; i++) {
      if (r < cumulativeWeights[i]) {
        return i;
      }
    }
    return cumulativeWeights.length - 1;
  }

  private int indexOf(String id) {
    for (int i = 0; i < campaigns.length; i++) {
      if (campaigns[i].id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
