package dev.clicksim.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a scenario as YAML with every default made explicit: what {@code clicksim scenario show}
 * prints. The output loads back into an equal scenario.
 */
public final class ScenarioWriter {
  private ScenarioWriter() {}

  public static String toYaml(Scenario s) {
    StringBuilder sb = new StringBuilder();
    sb.append("name: ").append(quote(s.name())).append('\n');
    sb.append("description: ").append(quote(s.description())).append('\n');
    sb.append("seed: ").append(s.seed()).append('\n');
    sb.append("duration: ").append(Durations.format(s.duration())).append('\n');
    sb.append("speed: ").append(ScenarioOverrides.formatSpeed(s.speed())).append('\n');
    sb.append("shoppers: ").append(s.shoppers()).append('\n');
    if (s.sessionMode()) {
      Scenario.Sessions ss = s.sessions();
      sb.append("sessions:\n");
      sb.append("  arrivals: ").append(ss.arrivals().describe()).append('\n');
      sb.append("  browse: ").append(ss.browse().describe()).append('\n');
      sb.append("  burstSize: ").append(ss.burstSize().describe()).append('\n');
      sb.append("  clickGap: ").append(ss.clickGap().describe()).append('\n');
      sb.append("  thinkTime: ").append(ss.thinkTime().describe()).append('\n');
      sb.append("  another: ").append(Distribution.format(ss.another(), false)).append('\n');
      sb.append("  maxLength: ").append(Durations.format(ss.maxLength())).append('\n');
    } else {
      sb.append("clicks: ").append(s.clicks()).append('\n');
    }
    sb.append("campaigns:\n");
    for (Scenario.Campaign c : s.campaigns()) {
      sb.append("  - id: ").append(quote(c.id())).append('\n');
      sb.append("    weight: ").append(Distribution.format(c.weight(), false)).append('\n');
      sb.append("    items: [")
          .append(c.items().stream().map(ScenarioWriter::quote).collect(Collectors.joining(", ")))
          .append("]\n");
      if (!c.active().isEmpty()) {
        sb.append("    active: [")
            .append(
                c.active().stream()
                    .map(
                        i ->
                            "{from: "
                                + Durations.format(i.from())
                                + ", to: "
                                + Durations.format(i.to())
                                + "}")
                    .collect(Collectors.joining(", ")))
            .append("]\n");
      }
      if (c.boost() != null) {
        sb.append("    boost: ").append(c.boost().describe()).append('\n');
      }
    }
    List<Scenario.PinnedClick> pinned = s.pinnedClicks();
    if (!pinned.isEmpty()) {
      sb.append("pinnedClicks:\n");
      for (Scenario.PinnedClick pc : pinned) {
        sb.append("  - {campaign: ")
            .append(quote(pc.campaign()))
            .append(", at: ")
            .append(Durations.format(pc.at()))
            .append("}\n");
      }
    }
    Scenario.Disorder d = s.disorder();
    sb.append("disorder:\n");
    sb.append("  outOfOrder: {share: ")
        .append(Distribution.format(d.outOfOrder().share(), false))
        .append(", maxDelay: ")
        .append(Durations.format(d.outOfOrder().maxDelay()))
        .append("}\n");
    sb.append("  late: {share: ")
        .append(Distribution.format(d.late().share(), false))
        .append(", margin: ")
        .append(Durations.format(d.late().margin()))
        .append("}\n");
    sb.append("  duplicates: {share: ")
        .append(Distribution.format(d.duplicates().share(), false))
        .append(", maxDelay: ")
        .append(Durations.format(d.duplicates().maxDelay()))
        .append("}\n");
    Scenario.Slos slos = s.slos();
    if (!slos.none()) {
      sb.append("slos:\n");
      if (slos.minMatch() != null) {
        sb.append("  minMatch: ").append(quote(slos.minMatch())).append('\n');
      }
      if (slos.maxP99Ack() != null) {
        sb.append("  maxP99Ack: ").append(Durations.format(slos.maxP99Ack())).append('\n');
      }
      if (slos.maxP99WindowCompletion() != null) {
        sb.append("  maxP99WindowCompletion: ")
            .append(Durations.format(slos.maxP99WindowCompletion()))
            .append('\n');
      }
      if (slos.maxP99Visibility() != null) {
        sb.append("  maxP99Visibility: ")
            .append(Durations.format(slos.maxP99Visibility()))
            .append('\n');
      }
    }
    if (!s.pipeline().none()) {
      sb.append("pipeline:\n");
      if (s.pipeline().engineProfile() != null) {
        sb.append("  engineProfile: ").append(s.pipeline().engineProfile()).append('\n');
      }
      if (s.pipeline().processingGuarantee() != null) {
        sb.append("  processingGuarantee: ")
            .append(s.pipeline().processingGuarantee())
            .append('\n');
      }
    }
    if (!s.faults().isEmpty()) {
      sb.append("faults:\n");
      for (Fault f : s.faults()) {
        sb.append("  - {at: ")
            .append(quote(f.at().toString()))
            .append(", action: ")
            .append(f.action())
            .append(", target: ")
            .append(f.target().label());
        if (f.length() != null) {
          sb.append(", for: ").append(Durations.format(f.length()));
        }
        sb.append("}\n");
      }
    }
    return sb.toString();
  }

  /** A YAML double-quoted scalar (JSON string rules are a subset). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
