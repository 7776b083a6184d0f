package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming read of the campaign id gives what decoding the whole click gives, for every shape
 * of input.
 */
class ClickJsonCampaignIdTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"eventId\":\"e1\",\"itemId\":\"i\",\"campaignId\":\"r1.shoes\",\"timestamp\":\"2026-11-28T00:00:00.000Z\"}",
        "{\"CAMPAIGNID\":\"upper\"}",
        "{\"campaignid\":\"lower\",\"campaignId\":\"exact wins\"}",
        "{\"campaignId\":\"first\",\"campaignId\":\"last wins\"}",
        "{\"campaignId\":null}",
        "{\"campaignId\":{\"nested\":1}}",
        "{\"campaignId\":[1,2]}",
        "{\"campaignId\":42}",
        "{\"nested\":{\"campaignId\":\"not top level\"}}",
        "{\"campaignId\":\"a\\\\\\\"quote\"}",
        "{\"campaignId\":\"x\"",
        "{\"campaignId\":\"x\"} trailing",
        "[\"campaignId\"]",
        "not json",
        "",
        "{}"
      })
  void should_read_the_campaign_id_as_decoding_the_whole_click_does(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ClickEvent full = ClickJson.decode(bytes);
    assertThat(ClickJson.campaignIdOf(bytes)).isEqualTo(full == null ? null : full.campaignId());
  }
}
