package dev.cogwheel.cli.logging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log message read by the naming convention: an event name {@code subject.verb_past} as the first
 * token ({@code plugin.started}, {@code xp.persist_failed}), then {@code key=value} pairs
 * ({@code plugin=xp version=1.2.0}); a value with spaces is quoted ({@code reason="no such table"}).
 *
 * @param event the event name, empty when the message does not start with one
 * @param fields the pairs after the event name, in order; empty without an event name
 */
record EventMessage(Optional<String> event, Map<String, String> fields) {

  private static final Pattern EVENT = Pattern.compile("([a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*)(?=[\\s:]|$)");
  private static final Pattern PAIR =
      Pattern.compile("(?<=\\s)([a-z][A-Za-z0-9_.-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  EventMessage {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  static EventMessage parse(String message) {
    if (message == null) {
      return new EventMessage(Optional.empty(), Map.of());
    }
    Matcher event = EVENT.matcher(message);
    if (!event.lookingAt()) {
      return new EventMessage(Optional.empty(), Map.of());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher pair = PAIR.matcher(message);
    pair.region(event.end(), message.length());
    pair.useTransparentBounds(true);
    while (pair.find()) {
      String value = pair.group(2);
      if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
      } else if (value.length() > 1 && ":,;".indexOf(value.charAt(value.length() - 1)) >= 0) {
        value = value.substring(0, value.length() - 1);
      }
      fields.putIfAbsent(pair.group(1), value);
    }
    return new EventMessage(Optional.of(event.group(1)), fields);
  }
}
