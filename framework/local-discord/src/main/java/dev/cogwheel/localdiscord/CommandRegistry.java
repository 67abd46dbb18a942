package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owns the application commands the bot registered, global and per guild: replacing them all,
 * creating or updating one by name, editing and deleting, each definition checked by {@link
 * CommandValidator} and stored as Discord answers it (id, application id, version). A command
 * keeps its id when it is registered again under its name and type.
 *
 * <p>Not thread-safe: guarded by the world's lock (see {@link WorldState}).
 */
final class CommandRegistry {

  private final Snowflakes ids;
  private final Directory directory;
  private final Map<Long, Model.Command> globalCommands = new LinkedHashMap<>();
  private final Map<Long, Map<Long, Model.Command>> guildCommands = new HashMap<>();

  CommandRegistry(Snowflakes ids, Directory directory) {
    this.ids = ids;
    this.directory = directory;
  }

  /** Replaces the global commands (guild 0) or a guild's with the array of definitions. */
  ArrayNode put(long guildId, JsonNode body) {
    if (!body.isArray()) {
      throw new DiscordError(400, 50035, "Invalid Form Body: expected an array of commands");
    }
    if (guildId != 0) {
      directory.guild(guildId);
    }
    Map<Long, Model.Command> target = commandMap(guildId);
    Map<String, Model.Command> previous = new HashMap<>();
    target.values().forEach(c -> previous.put(c.type() + ":" + c.name(), c));
    Map<Long, Model.Command> replaced = new LinkedHashMap<>();
    ArrayNode result = Json.array();
    for (JsonNode definition : body) {
      CommandValidator.checkDefinition(definition);
      Model.Command old = previous.get(definition.path("type").asInt(1) + ":" + definition.path("name").asText());
      Model.Command command = store(old, guildId, definition);
      if (replaced.put(command.id, command) != null) {
        throw new DiscordError(400, 50035,
            "Invalid Form Body: application command " + command.name() + " is defined twice");
      }
      result.add(command.json.deepCopy());
    }
    target.clear();
    target.putAll(replaced);
    return result;
  }

  /** Creates a command, or updates the one of the same name and type. */
  ObjectNode upsert(long guildId, JsonNode definition) {
    if (guildId != 0) {
      directory.guild(guildId);
    }
    CommandValidator.checkDefinition(definition);
    Map<Long, Model.Command> target = commandMap(guildId);
    Model.Command old = target.values().stream()
        .filter(c -> c.name().equals(definition.path("name").asText())
            && c.type() == definition.path("type").asInt(1))
        .findFirst().orElse(null);
    Model.Command command = store(old, guildId, definition);
    target.put(command.id, command);
    return command.json.deepCopy();
  }

  ObjectNode edit(long guildId, long commandId, JsonNode patch) {
    Model.Command command = get(guildId, commandId);
    ObjectNode merged = command.json.deepCopy();
    patch.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    CommandValidator.checkDefinition(merged);
    Model.Command stored = store(command, guildId, merged);
    commandMap(guildId).put(stored.id, stored);
    return stored.json.deepCopy();
  }

  void delete(long guildId, long commandId) {
    get(guildId, commandId);
    commandMap(guildId).remove(commandId);
  }

  Model.Command get(long guildId, long commandId) {
    Model.Command command = commandMap(guildId).get(commandId);
    if (command == null) {
      throw DiscordError.unknown("application command", 10063);
    }
    return command;
  }

  ArrayNode json(long guildId) {
    ArrayNode result = Json.array();
    commandMap(guildId).values().forEach(c -> result.add(c.json.deepCopy()));
    return result;
  }

  /** @return the commands a user can invoke in a guild (0: in DMs): the guild's first, then the global ones */
  List<Model.Command> invocable(long guildId) {
    List<Model.Command> all = new ArrayList<>(guildCommands.getOrDefault(guildId, Map.of()).values());
    all.addAll(globalCommands.values());
    return all;
  }

  /** @return snapshots of the global commands (guild 0) or a guild's */
  List<RegisteredCommand> registered(long guildId) {
    Map<Long, Model.Command> source = guildId == 0 ? globalCommands : guildCommands.getOrDefault(guildId, Map.of());
    return source.values().stream()
        .map(c -> new RegisteredCommand(
            Json.id(c.id),
            c.guildId == 0 ? Optional.empty() : Optional.of(Json.id(c.guildId)),
            c.name(),
            c.json))
        .toList();
  }

  /** Forgets a guild's commands, when the bot leaves it. */
  void removeGuild(long guildId) {
    guildCommands.remove(guildId);
  }

  private Map<Long, Model.Command> commandMap(long guildId) {
    return guildId == 0 ? globalCommands : guildCommands.computeIfAbsent(guildId, g -> new LinkedHashMap<>());
  }

  private Model.Command store(Model.Command old, long guildId, JsonNode definition) {
    long id = old == null ? ids.next() : old.id;
    ObjectNode json = definition.deepCopy();
    json.put("id", Json.id(id))
        .put("application_id", Json.id(directory.applicationId()))
        .put("type", definition.path("type").asInt(1))
        .put("version", Json.id(ids.next()));
    if (!json.has("description")) {
      json.put("description", "");
    }
    if (!json.has("default_member_permissions")) {
      json.putNull("default_member_permissions");
    }
    if (!json.has("nsfw")) {
      json.put("nsfw", false);
    }
    if (guildId != 0) {
      json.put("guild_id", Json.id(guildId));
    }
    return new Model.Command(id, guildId, json);
  }
}
