package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks command definitions the bot registers and the command invocations driven against them,
 * as Discord does: a definition with a bad name or misplaced required option is refused with 400;
 * an invocation of an unregistered command, with a missing required option, a value of the wrong
 * type, outside min/max or not one of the choices is an {@link InvalidInteractionException}.
 * Also turns a console line ({@code /pay bob 10}, {@code /pay to:bob amount:10}) into an
 * invocation.
 */
final class CommandValidator {

  static final int SUB_COMMAND = 1;
  static final int SUB_COMMAND_GROUP = 2;
  static final int STRING = 3;
  static final int INTEGER = 4;
  static final int BOOLEAN = 5;
  static final int USER = 6;
  static final int CHANNEL = 7;
  static final int ROLE = 8;
  static final int MENTIONABLE = 9;
  static final int NUMBER = 10;
  static final int ATTACHMENT = 11;

  private static final Pattern NAME = Pattern.compile("^[-_\\p{Ll}\\p{Lo}\\p{N}]{1,32}$");
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** A validated invocation: the command, its options and resolved objects as Discord sends them. */
  record Resolved(Model.Command command, ArrayNode options, ObjectNode resolved, String display) {}

  private CommandValidator() {}

  // ---------------------------------------------------------------- definitions

  static void checkDefinition(JsonNode command) {
    String name = command.path("name").asText("");
    int type = command.path("type").asInt(1);
    if (type == 1) {
      checkName(name, "application command");
      checkDescription(command, "application command " + name);
      checkOptions(command.path("options"), name);
    } else if (name.isEmpty() || name.length() > 32) {
      throw invalidBody("application command name \"" + name + "\" must be 1 to 32 characters");
    }
  }

  private static void checkOptions(JsonNode options, String owner) {
    if (options.isMissingNode() || options.isNull()) {
      return;
    }
    if (options.size() > 25) {
      throw invalidBody(owner + " has more than 25 options");
    }
    boolean optionalSeen = false;
    Set<String> names = new HashSet<>();
    for (JsonNode option : options) {
      String name = option.path("name").asText("");
      String where = owner + " " + name;
      checkName(name, "option of " + owner);
      checkDescription(option, "option " + where);
      if (!names.add(name)) {
        throw invalidBody(owner + " has two options named " + name);
      }
      int type = option.path("type").asInt(0);
      if (type < 1 || type > 11) {
        throw invalidBody("option " + where + " has unknown type " + type);
      }
      if (type == SUB_COMMAND || type == SUB_COMMAND_GROUP) {
        checkOptions(option.path("options"), where);
        continue;
      }
      boolean required = option.path("required").asBoolean(false);
      if (required && optionalSeen) {
        throw invalidBody("required option " + where + " must come before the optional ones");
      }
      optionalSeen |= !required;
      if (option.path("choices").size() > 25) {
        throw invalidBody("option " + where + " has more than 25 choices");
      }
    }
  }

  private static void checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw invalidBody(what + " name \"" + name + "\" must be 1 to 32 lowercase letters, digits, - or _");
    }
  }

  private static void checkDescription(JsonNode node, String what) {
    String description = node.path("description").asText("");
    if (description.isEmpty() || description.length() > 100) {
      throw invalidBody(what + " needs a description of 1 to 100 characters");
    }
  }

  private static DiscordError invalidBody(String problem) {
    return new DiscordError(400, 50035, "Invalid Form Body: " + problem);
  }

  // ---------------------------------------------------------------- invocations

  /**
   * Resolves an invocation given as a command path ({@code "xp rank"}) and named option values.
   * Values may be strings (converted by the option's type), numbers, booleans, or the snapshots
   * {@link LocalUser}, {@link LocalMember}, {@link LocalChannel}, {@link LocalRole}.
   */
  static Resolved resolve(
      WorldState world, Model.Guild guild, Model.User invoker, String path, Map<String, ?> values) {
    List<String> parts = List.of(path.trim().replaceFirst("^/", "").split("\\s+"));
    Model.Command command = findCommand(world, guild, invoker, parts.get(0));
    Leaf leaf = selectLeaf(command, parts.subList(1, parts.size()));
    return build(world, guild, command, leaf, values);
  }

  /** Resolves a console line such as {@code /pay bob 10} or {@code /xp rank user:@bob}. */
  static Resolved parseLine(WorldState world, Model.Guild guild, Model.User invoker, String line) {
    List<String> tokens = tokenize(line.trim());
    if (tokens.isEmpty() || !tokens.get(0).startsWith("/") || tokens.get(0).length() < 2) {
      throw new InvalidInteractionException("A slash command starts with /, as in /ping; got: " + line);
    }
    Model.Command command = findCommand(world, guild, invoker, tokens.get(0).substring(1));
    int consumed = 1;
    List<String> path = new ArrayList<>();
    JsonNode level = command.json.path("options");
    while (hasSubcommands(level) && consumed < tokens.size()) {
      String token = tokens.get(consumed);
      JsonNode sub = find(level, token);
      if (sub == null || sub.path("type").asInt() > SUB_COMMAND_GROUP) {
        path.add(token);
        break;
      }
      path.add(token);
      consumed++;
      level = sub.path("type").asInt() == SUB_COMMAND ? null : sub.path("options");
      if (level == null) {
        break;
      }
    }
    Leaf leaf = selectLeaf(command, path);
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (String token : tokens.subList(consumed, tokens.size())) {
      int colon = token.indexOf(':');
      if (colon > 0 && find(leaf.definitions(), token.substring(0, colon)) != null) {
        values.put(token.substring(0, colon), token.substring(colon + 1));
      } else {
        positional.add(token);
      }
    }
    List<JsonNode> open = new ArrayList<>();
    leaf.definitions().forEach(d -> {
      if (!values.containsKey(d.path("name").asText())) {
        open.add(d);
      }
    });
    for (int i = 0; i < positional.size(); i++) {
      if (i >= open.size()) {
        throw new InvalidInteractionException(
            leaf.display() + " takes " + describeOptions(leaf.definitions()) + "; too many values: "
                + String.join(" ", positional.subList(i, positional.size())));
      }
      JsonNode definition = open.get(i);
      boolean last = i == open.size() - 1;
      if (last && definition.path("type").asInt() == STRING && positional.size() > open.size()) {
        values.put(definition.path("name").asText(), String.join(" ", positional.subList(i, positional.size())));
        break;
      }
      values.put(definition.path("name").asText(), positional.get(i));
    }
    return build(world, guild, command, leaf, values);
  }

  private static Model.Command findCommand(
      WorldState world, Model.Guild guild, Model.User invoker, String name) {
    List<Model.Command> commands = world.commands.invocable(guild == null ? 0 : guild.id);
    Model.Command command = commands.stream()
        .filter(c -> c.type() == 1 && c.name().equals(name))
        .filter(c -> guild != null || c.guildId == 0)
        .findFirst()
        .orElseThrow(() -> new InvalidInteractionException(
            "Unknown command /" + name + (guild == null ? " in DMs" : " in guild " + guild.name)
                + "; the bot registered " + (commands.isEmpty() ? "no commands"
                    : commands.stream().filter(c -> c.type() == 1).map(c -> "/" + c.name())
                        .collect(Collectors.joining(", ")))));
    JsonNode required = command.json.get("default_member_permissions");
    if (guild != null && required != null && !required.isNull()) {
      long bits = Json.bits(required);
      long has = GuildPermissions.of(guild, guild.members.get(invoker.id));
      if ((has & bits) != bits) {
        throw new InvalidInteractionException(invoker.name + " may not use /" + name
            + ": it requires the permissions " + bits + " (default_member_permissions) and "
            + invoker.name + " has " + has);
      }
    }
    JsonNode contexts = command.json.get("contexts");
    if (guild == null && contexts != null && contexts.isArray()) {
      boolean inDms = false;
      for (JsonNode context : contexts) {
        inDms |= context.asInt() == 1;
      }
      if (!inDms) {
        throw new InvalidInteractionException("/" + name + " cannot be used in DMs (contexts " + contexts + ")");
      }
    }
    return command;
  }

  /** The options a subcommand (or a command without subcommands) takes and where they go. */
  private record Leaf(ArrayNode options, ArrayNode target, JsonNode definitions, String display) {}

  private static Leaf selectLeaf(Model.Command command, List<String> path) {
    String display = "/" + command.name();
    JsonNode definitions = command.json.path("options");
    ArrayNode options = Json.array();
    if (!hasSubcommands(definitions)) {
      if (!path.isEmpty()) {
        throw new InvalidInteractionException(display + " has no subcommands; got " + String.join(" ", path));
      }
      return new Leaf(options, options, definitions, display);
    }
    if (path.isEmpty()) {
      throw new InvalidInteractionException(display + " needs a subcommand: " + names(definitions));
    }
    JsonNode first = find(definitions, path.get(0));
    if (first == null || first.path("type").asInt() > SUB_COMMAND_GROUP) {
      throw new InvalidInteractionException(
          "Unknown subcommand " + display + " " + path.get(0) + "; " + display + " has: " + names(definitions));
    }
    display += " " + path.get(0);
    ObjectNode node = options.addObject().put("name", path.get(0)).put("type", first.path("type").asInt());
    ArrayNode target = node.putArray("options");
    if (first.path("type").asInt() == SUB_COMMAND_GROUP) {
      if (path.size() < 2) {
        throw new InvalidInteractionException(display + " needs a subcommand: " + names(first.path("options")));
      }
      JsonNode sub = find(first.path("options"), path.get(1));
      if (sub == null) {
        throw new InvalidInteractionException("Unknown subcommand " + display + " " + path.get(1) + "; "
            + display + " has: " + names(first.path("options")));
      }
      display += " " + path.get(1);
      target = target.addObject().put("name", path.get(1)).put("type", SUB_COMMAND).putArray("options");
      first = sub;
      if (path.size() > 2) {
        throw new InvalidInteractionException(display + " has no further subcommands; got " + path.get(2));
      }
    } else if (path.size() > 1) {
      throw new InvalidInteractionException(display + " has no further subcommands; got " + path.get(1));
    }
    return new Leaf(options, target, first.path("options"), display);
  }

  private static Resolved build(
      WorldState world, Model.Guild guild, Model.Command command, Leaf leaf, Map<String, ?> values) {
    for (String name : values.keySet()) {
      if (find(leaf.definitions(), name) == null) {
        throw new InvalidInteractionException("Unknown option " + name + " for " + leaf.display() + "; it takes "
            + describeOptions(leaf.definitions()));
      }
    }
    ObjectNode resolved = Json.object();
    StringBuilder display = new StringBuilder(leaf.display());
    for (JsonNode definition : leaf.definitions()) {
      String name = definition.path("name").asText();
      Object raw = values.get(name);
      if (raw == null) {
        if (definition.path("required").asBoolean(false)) {
          throw new InvalidInteractionException(
              "Option " + name + " of " + leaf.display() + " is required; it takes " + describeOptions(leaf.definitions()));
        }
        continue;
      }
      ObjectNode option = leaf.target().addObject().put("name", name).put("type", definition.path("type").asInt());
      convert(world, guild, definition, leaf.display(), raw, option, resolved);
      display.append(' ').append(name).append(':').append(option.get("value").asText());
    }
    return new Resolved(command, leaf.options(), resolved, display.toString());
  }

  private static void convert(
      WorldState world, Model.Guild guild, JsonNode definition, String command, Object raw,
      ObjectNode option, ObjectNode resolved) {
    String name = definition.path("name").asText();
    String where = "Option " + name + " of " + command;
    int type = definition.path("type").asInt();
    Object value = choice(definition, raw);
    switch (type) {
      case STRING -> {
        String text = value.toString();
        int min = definition.path("min_length").asInt(0);
        int max = definition.path("max_length").asInt(6000);
        if (text.length() < min || text.length() > max) {
          throw new InvalidInteractionException(
              where + " must be " + min + " to " + max + " characters long, got " + text.length());
        }
        option.put("value", text);
      }
      case INTEGER -> {
        long number;
        if (value instanceof Number n && (n instanceof Long || n instanceof Integer || n instanceof Short)) {
          number = n.longValue();
        } else {
          try {
            number = Long.parseLong(value.toString().trim());
          } catch (NumberFormatException e) {
            throw new InvalidInteractionException(where + " must be an integer, got '" + value + "'");
          }
        }
        if (Math.abs(number) > MAX_SAFE_INTEGER) {
          throw new InvalidInteractionException(where + " must be between -2^53 and 2^53, got " + number);
        }
        checkRange(definition, where, number);
        option.put("value", number);
      }
      case NUMBER -> {
        double number;
        try {
          number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
          throw new InvalidInteractionException(where + " must be a number, got '" + value + "'");
        }
        checkRange(definition, where, number);
        option.put("value", number);
      }
      case BOOLEAN -> {
        String text = value.toString().toLowerCase();
        if (!Set.of("true", "false", "yes", "no").contains(text)) {
          throw new InvalidInteractionException(where + " must be true or false, got '" + value + "'");
        }
        option.put("value", text.equals("true") || text.equals("yes"));
      }
      case USER -> option.put("value", resolveUser(world, guild, where, value, resolved));
      case ROLE -> option.put("value", resolveRole(world, guild, where, value, resolved));
      case MENTIONABLE -> {
        Optional<String> user = value instanceof LocalRole ? Optional.empty()
            : world.directory.findUser(value.toString()).map(u -> resolveUser(world, guild, where, u.name, resolved));
        option.put("value", user.orElseGet(() -> resolveRole(world, guild, where, value, resolved)));
      }
      case CHANNEL -> option.put("value", resolveChannel(world, guild, definition, where, value, resolved));
      case ATTACHMENT -> throw new InvalidInteractionException(
          where + " is an attachment; the local Discord does not emulate attachments");
      default -> throw new InvalidInteractionException(where + " has an option type " + type + " that cannot take a value");
    }
  }

  private static Object choice(JsonNode definition, Object raw) {
    JsonNode choices = definition.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      return raw;
    }
    String text = raw.toString();
    for (JsonNode choice : choices) {
      JsonNode value = choice.path("value");
      if (value.asText().equals(text) || choice.path("name").asText().equals(text)) {
        return value.isNumber() ? value.numberValue() : value.asText();
      }
    }
    List<String> allowed = new ArrayList<>();
    choices.forEach(c -> allowed.add(c.path("name").asText() + " (" + c.path("value").asText() + ")"));
    throw new InvalidInteractionException("Option " + definition.path("name").asText()
        + " must be one of " + String.join(", ", allowed) + "; got '" + text + "'");
  }

  private static void checkRange(JsonNode definition, String where, double number) {
    JsonNode min = definition.get("min_value");
    JsonNode max = definition.get("max_value");
    if (min != null && !min.isNull() && number < min.asDouble()) {
      throw new InvalidInteractionException(where + " must be at least " + min.asText() + ", got " + format(number));
    }
    if (max != null && !max.isNull() && number > max.asDouble()) {
      throw new InvalidInteractionException(where + " must be at most " + max.asText() + ", got " + format(number));
    }
  }

  private static String format(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
  }

  private static String resolveUser(
      WorldState world, Model.Guild guild, String where, Object value, ObjectNode resolved) {
    String key = value instanceof LocalUser u ? u.id()
        : value instanceof LocalMember m ? m.userId() : value.toString();
    Model.User user = world.directory.findUser(key)
        .orElseThrow(() -> new InvalidInteractionException(where + " must be a user; there is no user '" + key + "'"));
    String id = Json.id(user.id);
    resolved.with("users").set(id, world.payloads.userJson(user));
    if (guild != null && guild.members.containsKey(user.id)) {
      Model.Member member = guild.members.get(user.id);
      resolved.with("members").set(id, world.payloads.memberJson(guild, member, false)
          .put("permissions", Long.toString(GuildPermissions.of(guild, member))));
    }
    return id;
  }

  private static String resolveRole(
      WorldState world, Model.Guild guild, String where, Object value, ObjectNode resolved) {
    if (guild == null) {
      throw new InvalidInteractionException(where + " takes a role, and there are no roles in DMs");
    }
    String key = value instanceof LocalRole r ? r.id() : value.toString();
    String plain = key.startsWith("@") && !key.equals("@everyone") ? key.substring(1) : key;
    Model.Role role = guild.roles.values().stream()
        .filter(r -> r.name.equals(plain) || Json.id(r.id).equals(plain) || ("<@&" + Json.id(r.id) + ">").equals(plain))
        .findFirst()
        .orElseThrow(() -> new InvalidInteractionException(where + " must be a role of guild " + guild.name
            + "; there is no role '" + key + "'"));
    resolved.with("roles").set(Json.id(role.id), world.payloads.roleJson(role));
    return Json.id(role.id);
  }

  private static String resolveChannel(
      WorldState world, Model.Guild guild, JsonNode definition, String where, Object value, ObjectNode resolved) {
    if (guild == null) {
      throw new InvalidInteractionException(where + " takes a channel of a guild; this is a DM");
    }
    String key = value instanceof LocalChannel c ? c.id() : value.toString();
    String plain = key.startsWith("#") ? key.substring(1) : key;
    Model.Channel channel = guild.channels.values().stream()
        .filter(c -> c.name.equals(plain) || Json.id(c.id).equals(plain) || ("<#" + Json.id(c.id) + ">").equals(plain))
        .findFirst()
        .orElseThrow(() -> new InvalidInteractionException(where + " must be a channel of guild " + guild.name
            + "; there is no channel '" + key + "'"));
    JsonNode types = definition.get("channel_types");
    if (types != null && types.isArray() && !types.isEmpty()) {
      boolean allowed = false;
      for (JsonNode type : types) {
        allowed |= type.asInt() == channel.type;
      }
      if (!allowed) {
        throw new InvalidInteractionException(where + " must be a channel of type " + types + "; #" + channel.name
            + " is of type " + channel.type);
      }
    }
    ObjectNode json = world.payloads.channelJson(channel);
    json.put("permissions", Long.toString(GuildPermissions.ALL));
    resolved.with("channels").set(Json.id(channel.id), json);
    return Json.id(channel.id);
  }

  private static boolean hasSubcommands(JsonNode options) {
    for (JsonNode option : options) {
      int type = option.path("type").asInt();
      if (type == SUB_COMMAND || type == SUB_COMMAND_GROUP) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode find(JsonNode options, String name) {
    for (JsonNode option : options) {
      if (option.path("name").asText().equals(name)) {
        return option;
      }
    }
    return null;
  }

  private static String names(JsonNode options) {
    List<String> names = new ArrayList<>();
    options.forEach(o -> names.add(o.path("name").asText()));
    return String.join(", ", names);
  }

  private static String describeOptions(JsonNode options) {
    if (options.isEmpty()) {
      return "no options";
    }
    List<String> described = new ArrayList<>();
    options.forEach(o -> described.add(o.path("name").asText() + (o.path("required").asBoolean(false) ? "" : "?")));
    return String.join(" ", described);
  }

  /** Splits on spaces, keeping "double quoted" parts together. */
  static List<String> tokenize(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          tokens.add(current.toString());
          current.setLength(0);
          any = false;
        }
      } else {
        current.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new InvalidInteractionException("Unclosed quote in: " + line);
    }
    if (any) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
