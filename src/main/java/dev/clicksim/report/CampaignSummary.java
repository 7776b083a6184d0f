package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One campaign's windows: how many matched, and its expected and observed click totals. */
@JsonPropertyOrder({"campaignId", "windows", "matched", "expected", "observed"})
public record CampaignSummary(
    String campaignId, int windows, int matched, long expected, long observed) {

  public boolean allMatched() {
    return matched == windows;
  }

  /**
   * One summary per campaign found in {@code rows}, sorted by campaign id; absent windows count as
   * observed 0.
   */
  public static List<CampaignSummary> of(List<WindowRow> rows) {
    // Hashed while counting, sorted once at the end: a sorted map costs a string comparison per
    // level for every window.
    Map<String, long[]> acc = new HashMap<>();
    String lastId = null;
    long[] a = null;
    for (WindowRow r : rows) {
      if (r.campaignId() != lastId) {
        lastId = r.campaignId();
        a = acc.computeIfAbsent(lastId, k -> new long[4]);
      }
      a[0]++;
      a[1] += r.matched() ? 1 : 0;
      a[2] += r.expected();
      a[3] += r.observed() == null ? 0 : r.observed();
    }
    List<CampaignSummary> out = new ArrayList<>(acc.size());
    acc.forEach((id, c) -> out.add(new CampaignSummary(id, (int) c[0], (int) c[1], c[2], c[3])));
    out.sort(java.util.Comparator.comparing(CampaignSummary::campaignId));
    return out;
  }
}
