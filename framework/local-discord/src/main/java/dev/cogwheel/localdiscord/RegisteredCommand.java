package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * An application command as the bot registered it, with the fields the server added (id,
 * application_id, version, type).
 *
 * @param id the command's snowflake
 * @param guildId the guild of a guild command, empty for a global one
 * @param name the command's name
 * @param json the command as the server stores and returns it
 */
public record RegisteredCommand(String id, Optional<String> guildId, String name, JsonNode json) {
  /** Checks the arguments. */
  public RegisteredCommand {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(name, "name");
    json = json.deepCopy();
  }
}
