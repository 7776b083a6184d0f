package dev.clicksim.stack.external;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clicksim.pipeline.ClickJson;
import dev.clicksim.simulation.Click;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registered schema must describe exactly what ClickJson writes. */
class ClickEventSchemaTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void should_declare_every_field_clickjson_writes_as_a_required_string() throws Exception {
    JsonNode schema = MAPPER.readTree(ClickEventSchema.JSON);
    JsonNode event = MAPPER.readTree(ClickJson.encode(sampleClick()));

    List<String> written = new ArrayList<>();
    event.fieldNames().forEachRemaining(written::add);
    List<String> declared = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(declared::add);
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));

    assertThat(declared).containsExactlyElementsOf(written);
    assertThat(required).containsExactlyElementsOf(written);
    event
        .fields()
        .forEachRemaining(
            f -> {
              assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue();
              assertThat(schema.get("properties").get(f.getKey()).get("type").asText())
                  .as(f.getKey())
                  .isEqualTo("string");
            });
    assertThat(schema.get("type").asText()).isEqualTo("object");
  }

  @Test
  void should_use_the_topic_name_strategy_subject() {
    assertThat(ClickEventSchema.subject("click_events")).isEqualTo("click_events-value");
  }

  private static Click sampleClick() {
    return new Click(
        1_700_000_000_123L, "run1-campaign-3", "item-42", "shopper-7", "session-9", "evt-1");
  }
}
