package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in a modal the bot showed as Discord's client does, and checks it as Discord does: a value
 * for each text input by its custom id (one not given keeps the bot's prefilled value, or is
 * empty), no value for an input the modal lacks, no empty required input, no value outside
 * {@code min_length}/{@code max_length}. What is wrong is an {@link InvalidInteractionException}
 * naming the modal and the input.
 */
final class ModalValidator {

  private ModalValidator() {}

  /**
   * @param modal the modal as the bot sent it (its callback's {@code data})
   * @param values the text typed, by the text inputs' custom ids
   * @return the {@code data} of the MODAL_SUBMIT interaction: the modal's custom id, and its
   *     labels (type 18) or action rows (type 1) with each text input's custom id and value
   */
  static ObjectNode submit(JsonNode modal, Map<String, String> values) {
    String title = modal.path("title").asText();
    Map<String, String> unknown = new LinkedHashMap<>(values);
    ArrayNode submitted = Json.array();
    int nextId = 1;
    for (JsonNode top : modal.path("components")) {
      boolean label = top.path("type").asInt() == 18;
      List<JsonNode> inputs = new ArrayList<>();
      if (label) {
        inputs.add(top.path("component"));
      } else {
        top.path("components").forEach(inputs::add);
      }
      ObjectNode row = Json.object().put("type", top.path("type").asInt()).put("id", top.path("id").asInt(nextId++));
      ArrayNode children = Json.array();
      for (JsonNode input : inputs) {
        if (input.path("type").asInt() != 4) {
          continue;
        }
        String customId = input.path("custom_id").asText();
        String name = label ? top.path("label").asText(customId) : input.path("label").asText(customId);
        String value = unknown.containsKey(customId) ? unknown.remove(customId) : input.path("value").asText("");
        int length = value.codePointCount(0, value.length());
        if (input.path("required").asBoolean(true) && value.isEmpty()) {
          throw new InvalidInteractionException("The text input " + name + " (" + customId + ") of the modal " + title
              + " is required");
        }
        if (!value.isEmpty() && input.has("min_length") && length < input.path("min_length").asInt()) {
          throw new InvalidInteractionException("The text input " + name + " of the modal " + title + " must be at least "
              + input.path("min_length").asInt() + " characters long, got " + length);
        }
        if (input.has("max_length") && length > input.path("max_length").asInt()) {
          throw new InvalidInteractionException("The text input " + name + " of the modal " + title + " must be at most "
              + input.path("max_length").asInt() + " characters long, got " + length);
        }
        children.add(Json.object().put("type", 4).put("id", input.path("id").asInt(nextId++))
            .put("custom_id", customId).put("value", value));
      }
      if (children.isEmpty()) {
        continue;
      }
      if (label) {
        row.set("component", children.get(0));
      } else {
        row.set("components", children);
      }
      submitted.add(row);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInteractionException("The modal " + title + " has no text input " + String.join(", ", unknown.keySet()));
    }
    ObjectNode data = Json.object().put("custom_id", modal.path("custom_id").asText());
    data.set("components", submitted);
    return data;
  }
}
