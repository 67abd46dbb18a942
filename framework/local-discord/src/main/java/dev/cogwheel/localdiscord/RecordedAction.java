package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One REST call the bot made to the local Discord, as recorded in the {@link ActionLog}.
 *
 * @param sequence its place in the log, from 1
 * @param at when the server answered it
 * @param method the HTTP method
 * @param route Discord's route template, such as {@code channels/{channel_id}/messages}
 * @param path the path that was called, below {@code /api/v10/}
 * @param body the request body ({@code null} node when there was none)
 * @param status the HTTP status the server answered
 * @param result the response body ({@code null} node for 204)
 */
public record RecordedAction(
    long sequence,
    Instant at,
    String method,
    String route,
    String path,
    JsonNode body,
    int status,
    JsonNode result) {

  /** Checks the arguments. */
  public RecordedAction {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(result, "result");
  }

  /**
   * Tells whether this is a call of the given route.
   *
   * @param httpMethod such as {@code POST}
   * @param routeTemplate such as {@code channels/{channel_id}/messages}
   * @return whether method and route match
   */
  public boolean is(String httpMethod, String routeTemplate) {
    return method.equalsIgnoreCase(httpMethod) && route.equals(routeTemplate);
  }

  /** @return whether the server answered with a 2xx status */
  public boolean succeeded() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "#" + sequence + " " + method + " " + path + " -> " + status;
  }
}
