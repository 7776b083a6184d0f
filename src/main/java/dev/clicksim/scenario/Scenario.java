package dev.clicksim.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a run simulates. The truth of a run is a pure function of (scenario, seed, anchor, campaign prefix).
 *
 * <p>Loaded from YAML by {@link ScenarioLoader}, which rejects unknown keys and validates every field. New fields are added
 * as new components with a default in the loader, so existing scenario files keep loading.
 *
 * @param name short name, used in reports; defaults to the file name without {@code .yaml}
 * @param description what the scenario models; may be empty
 * @param seed seed of the click generator's {@link java.util.SplittableRandom}
 * @param duration event-time span of the clicks: every click lies in [anchor, anchor + duration)
 * @param clicks total number of clicks generated, pinned clicks included
 * @param campaigns the campaigns clicks are spread over, by weight; never empty
 * @param shoppers number of distinct shoppers, numbered 1..shoppers
 * @param pinnedClicks clicks placed at exact offsets from the anchor (e.g. on a window boundary); may be empty
 */
public record Scenario(
    String name,
    String description,
    long seed,
    Duration duration,
    long clicks,
    List<Campaign> campaigns,
    long shoppers,
    List<PinnedClick> pinnedClicks) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(duration, "duration");
    campaigns = List.copyOf(campaigns);
    pinnedClicks = pinnedClicks == null ? List.of() : List.copyOf(pinnedClicks);
  }

  /** The campaign with this id (without the run's prefix), or null. */
  public Campaign campaign(String id) {
    for (Campaign c : campaigns) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }

  /**
   * A campaign.
   *
   * @param id campaign id, unique within the scenario; the run's prefix is put in front of it on the wire
   * @param weight relative share of the clicks, > 0 (default 1)
   * @param items ids of the promoted items; a click picks one uniformly
   */
  public record Campaign(String id, double weight, List<String> items) {
    public Campaign {
      Objects.requireNonNull(id, "id");
      items = List.copyOf(items);
    }
  }

  /**
   * A click at an exact offset from the anchor. It counts toward {@link Scenario#clicks()}.
   *
   * @param campaign id of a campaign listed in the scenario
   * @param at offset from the anchor, in [0, duration)
   */
  public record PinnedClick(String campaign, Duration at) {
    public PinnedClick {
      Objects.requireNonNull(campaign, "campaign");
      Objects.requireNonNull(at, "at");
    }
  }
}
