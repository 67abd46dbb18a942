package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The one ObjectMapper of the local Discord and the few helpers its payloads need. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static String id(long snowflake) {
    return Long.toUnsignedString(snowflake);
  }

  /** An ISO-8601 timestamp in UTC with millisecond precision, as Discord sends them. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC).toString();
  }

  static JsonNode timeOrNull(Instant instant) {
    return instant == null ? NullNode.getInstance() : MAPPER.getNodeFactory().textNode(time(instant));
  }

  static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new DiscordError(400, 50109, "The request body contains invalid JSON.");
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** A snowflake field that Discord may send as a string or a number; 0 when absent or null. */
  static long snowflake(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      return 0L;
    }
    try {
      return Long.parseUnsignedLong(value.asText());
    } catch (NumberFormatException e) {
      throw new DiscordError(400, 50035, "Invalid Form Body: " + field + " is not a snowflake");
    }
  }

  /** A permission field, sent as a decimal string or a number. */
  static long bits(JsonNode value) {
    if (value == null || value.isNull()) {
      return 0L;
    }
    return value.isNumber() ? value.asLong() : Long.parseLong(value.asText());
  }
}
