package dev.clicksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model's constructors refuse what the loader refuses, so a scenario built in code is valid
 * too.
 */
class ModelConstructorsTest {
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Scenario.Campaign A = new Scenario.Campaign("a", 1, List.of("i"));
  private static final RateProfile FIVE = new RateProfile.Constant(5);

  private static Scenario uniform(
      List<Scenario.Campaign> campaigns, long clicks, List<Scenario.PinnedClick> pinned) {
    return new Scenario("s", "", 1, MIN.multipliedBy(8), clicks, campaigns, 10, pinned);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments(
            "a negative weight",
            (ThrowingCallable) () -> new Scenario.Campaign("a", -1, List.of("i")),
            "weight: must be > 0, was -1.0"),
        arguments(
            "a blank item",
            (ThrowingCallable) () -> new Scenario.Campaign("a", 1, List.of("i", " ")),
            "items[1]: must not be blank"),
        arguments(
            "two campaigns with one id",
            (ThrowingCallable) () -> uniform(List.of(A, A), 5, List.of()),
            "campaigns[1].id: duplicate campaign id 'a'"),
        arguments(
            "no clicks",
            (ThrowingCallable) () -> uniform(List.of(A), 0, List.of()),
            "clicks: must be > 0, was 0"),
        arguments(
            "a pinned click after the end",
            (ThrowingCallable)
                () ->
                    uniform(
                        List.of(A), 5, List.of(new Scenario.PinnedClick("a", MIN.multipliedBy(9)))),
            "pinnedClicks[0].at: must be < duration (8m)," + " was 9m"),
        arguments(
            "a pinned click on no campaign",
            (ThrowingCallable)
                () -> uniform(List.of(A), 5, List.of(new Scenario.PinnedClick("b", MIN))),
            "pinnedClicks[0].campaign: unknown campaign 'b' (campaigns:" + " a)"),
        arguments(
            "an interval that ends before it starts",
            (ThrowingCallable)
                () -> new Scenario.Interval(MIN.multipliedBy(5), MIN.multipliedBy(2)),
            "to: must be after from (5m), was 2m"),
        arguments(
            "a count distribution for a time",
            (ThrowingCallable)
                () ->
                    new Scenario.Sessions(
                        FIVE, new Distribution.Geometric(3), null, null, null, 0.3, null),
            "browse: must be a time distribution (of"
                + " durations), was the count distribution {geometric: {mean: 3}}"),
        arguments(
            "a time distribution for a count",
            (ThrowingCallable)
                () ->
                    new Scenario.Sessions(
                        FIVE,
                        null,
                        new Distribution.Exponential(5_000, false),
                        null,
                        null,
                        0.3,
                        null),
            "burstSize: must be a count"
                + " distribution (of numbers), was the time distribution {exponential: {mean: 5s}}"),
        arguments(
            "a probability above one",
            (ThrowingCallable) () -> new Scenario.Sessions(FIVE, null, null, null, null, 1.5, null),
            "another: must be a probability in [0, 1], was 1.5"),
        arguments(
            "more disorder than clicks",
            (ThrowingCallable)
                () ->
                    new Scenario.Disorder(
                        new Scenario.Delayed(0.6, Duration.ofSeconds(1)),
                        new Scenario.Late(0.6, Duration.ofSeconds(10)),
                        null),
            "late.share: outOfOrder.share + late.share must be <= 1, was 1.2"),
        arguments(
            "out of order without a delay",
            (ThrowingCallable)
                () -> new Scenario.Disorder(new Scenario.Delayed(0.1, null), null, null),
            "outOfOrder.maxDelay: is required"),
        arguments(
            "a share above one",
            (ThrowingCallable) () -> new Scenario.Delayed(1.5, Duration.ofSeconds(1)),
            "share: must be a share in [0, 1], was 1.5"),
        arguments(
            "a bad objective",
            (ThrowingCallable) () -> new Scenario.Slos("120%", null, null, null),
            "minMatch: must be a share between 0% and 100% (such as 99.9% or 0.999), was 120%"),
        arguments(
            "a negative rate",
            (ThrowingCallable) () -> new RateProfile.Constant(-1),
            "must be >= 0, was -1"),
        arguments(
            "a ramp that ends at its start",
            (ThrowingCallable) () -> new RateProfile.Ramp(1, 2, 60_000, 60_000),
            "end: must be after start (1m), was 1m"),
        arguments(
            "steps out of order",
            (ThrowingCallable)
                () ->
                    new RateProfile.Steps(
                        List.of(new RateProfile.Step(60_000, 1), new RateProfile.Step(0, 2))),
            "[1].at: must be after the previous step's," + " was 0s"),
        arguments(
            "an empty sum",
            (ThrowingCallable) () -> new RateProfile.Sum(List.of()),
            "must be a non-empty list of rate profiles"),
        arguments(
            "a uniform count backwards",
            (ThrowingCallable) () -> new Distribution.Uniform(5, 2, true),
            "max: must be >= min, was 2"),
        arguments(
            "a geometric mean below one",
            (ThrowingCallable) () -> new Distribution.Geometric(0.5),
            "mean: must be >= 1 (a geometric count is at least 1), was 0.5"),
        arguments(
            "a count that is not whole",
            (ThrowingCallable) () -> new Distribution.Constant(2.5, true),
            "must be a whole number, was 2.5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void should_refuse_an_invalid_value_built_in_code(
      String what, ThrowingCallable build, String message) {
    assertThatThrownBy(build).isInstanceOf(InvalidFieldException.class).hasMessage(message);
  }

  @Test
  void should_refuse_a_copy_made_invalid_by_a_wither() {
    Scenario smoke = ScenarioLoader.loadBuiltIn("smoke");

    assertThatThrownBy(() -> smoke.withDuration(MIN))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("pinnedClicks[1].at: must be < duration (1m), was 2m")
        .satisfies(
            e -> assertThat(((InvalidFieldException) e).path()).isEqualTo("pinnedClicks[1].at"));
    assertThatThrownBy(() -> smoke.withSpeed(0)).hasMessage("speed: must be > 0, or max; was 0");
  }

  @Test
  void should_fill_defaults_and_derive_what_follows_from_the_mean() {
    Scenario.Disorder d = new Scenario.Disorder(null, null, new Scenario.Delayed(0.1, null));
    assertThat(d.duplicates().maxDelay()).isEqualTo(Scenario.Disorder.DEFAULT_DUPLICATE_DELAY);
    assertThat(new Distribution.Geometric(3, 42)).isEqualTo(new Distribution.Geometric(3));
    assertThat(new Distribution.Poisson(2, 42)).isEqualTo(new Distribution.Poisson(2));
  }
}
