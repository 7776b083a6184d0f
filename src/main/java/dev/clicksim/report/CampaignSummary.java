package dev.clicksim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One campaign's windows: how many matched, and its expected and observed click totals. */
@JsonPropertyOrder({"campaignId", "windows", "matched", "expected", "observed"})
public record CampaignSummary(String campaignId, int windows, int matched, long expected, long observed) {

  public boolean allMatched() {
    return matched == windows;
  }

  /** One summary per campaign found in {@code rows}, sorted by campaign id; absent windows count as observed 0. */
  public static List<CampaignSummary> of(List<WindowRow> rows) {
    Map<String, long[]> acc = new TreeMap<>();
    for (WindowRow r : rows) {
      long[] a = acc.computeIfAbsent(r.campaignId(), k -> new long[4]);
      a[0]++;
      a[1] += r.matched() ? 1 : 0;
      a[2] += r.expected();
      a[3] += r.observed() == null ? 0 : r.observed();
    }
    List<CampaignSummary> out = new ArrayList<>(acc.size());
    acc.forEach((id, a) -> out.add(new CampaignSummary(id, (int) a[0], (int) a[1], a[2], a[3])));
    return out;
  }
}
