package dev.cogwheel.localdiscord;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A line console over a running {@link LocalDiscord}, for {@code cogwheel run --local}: the person
 * at the keyboard acts as a user of the default world and sees what the bot does as it does it.
 *
 * <pre>
 * /xp rank                 a slash command as the current user (alice) in the current channel
 * as bob /pay alice 10     one line as another user
 * say hello                a message in the current channel
 * press Confirm            a button of the bot's latest message with buttons in the channel
 * join voice Lobby         join or switch voice channels; leave voice
 * channel bot              switch the current channel
 * guilds                   the guilds, their channels and who is in voice
 * help, quit
 * </pre>
 *
 * <p>The bot's replies and actions are printed from the server's threads, each line on its own.
 */
public final class LocalDiscordConsole implements AutoCloseable {

  private final LocalDiscord discord;
  private final PrintStream out;
  private final AutoCloseable subscription;
  private String currentUser;
  private String currentGuildId;
  private String currentChannelId;

  /**
   * Opens a console and starts printing the bot's actions.
   *
   * @param discord a running local Discord whose bot is in at least one guild
   * @param out where to print
   * @throws LocalDiscordException when the world has no user or the bot no guild
   */
  public LocalDiscordConsole(LocalDiscord discord, PrintStream out) {
    this.discord = Objects.requireNonNull(discord, "discord");
    this.out = Objects.requireNonNull(out, "out");
    LocalGuild guild = discord.guild();
    this.currentGuildId = guild.id();
    this.currentUser = guild.members().stream()
        .filter(m -> !m.userId().equals(discord.botUserId()))
        .map(LocalMember::username)
        .findFirst()
        .orElseThrow(() -> new LocalDiscordException("Guild " + guild.name() + " has no user to act as"));
    this.currentChannelId = guild.findChannel("general")
        .or(() -> guild.channels().stream().filter(LocalChannel::isText).findFirst())
        .map(LocalChannel::id)
        .orElseThrow(() -> new LocalDiscordException("Guild " + guild.name() + " has no text channel"));
    this.subscription = discord.actions().subscribe(this::print);
  }

  /** A parsed console line. */
  public sealed interface Line {}

  /** @param commandLine a slash command line such as {@code /pay bob 10} */
  public record Slash(String commandLine) implements Line {}

  /** How long a slash command typed at the console may take to be answered. */
  private static final java.time.Duration ANSWER_WAIT = java.time.Duration.ofSeconds(15);

  /** @param text a message to send */
  public record Say(String text) implements Line {}

  /** @param user who acts  @param line what they do */
  public record As(String user, Line line) implements Line {}

  /** @param channel the voice channel to join */
  public record JoinVoice(String channel) implements Line {}

  /** Leave the voice channel. */
  public record LeaveVoice() implements Line {}

  /** @param button the label or custom id of a button to press */
  public record Press(String button) implements Line {}

  /** @param channel the text channel to switch to */
  public record SwitchChannel(String channel) implements Line {}

  /** List the guilds. */
  public record Guilds() implements Line {}

  /** Print the help. */
  public record Help() implements Line {}

  /** Leave the console. */
  public record Quit() implements Line {}

  /** Nothing (an empty line). */
  public record Empty() implements Line {}

  /**
   * Parses one console line.
   *
   * @param line what was typed
   * @return what it means
   * @throws IllegalArgumentException naming the problem and the help command
   */
  public static Line parse(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return new Empty();
    }
    if (trimmed.startsWith("/")) {
      return new Slash(trimmed);
    }
    String[] words = trimmed.split("\\s+", 2);
    String verb = words[0].toLowerCase(Locale.ROOT);
    String rest = words.length > 1 ? words[1].strip() : "";
    switch (verb) {
      case "as" -> {
        String[] parts = rest.split("\\s+", 2);
        if (parts.length < 2 || parts[0].isEmpty()) {
          throw new IllegalArgumentException("as needs a user and a line, as in: as bob say hi");
        }
        Line inner = parse(parts[1]);
        if (inner instanceof As || inner instanceof Quit || inner instanceof Empty || inner instanceof Help) {
          throw new IllegalArgumentException("as takes an action: a slash command, say, press, join or leave voice");
        }
        return new As(parts[0], inner);
      }
      case "say" -> {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("say needs a text, as in: say hello");
        }
        return new Say(rest);
      }
      case "join" -> {
        String[] parts = rest.split("\\s+", 2);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("voice")) {
          throw new IllegalArgumentException("join needs a voice channel, as in: join voice Lobby");
        }
        return new JoinVoice(parts[1].strip());
      }
      case "leave" -> {
        if (!rest.equalsIgnoreCase("voice")) {
          throw new IllegalArgumentException("leave takes: leave voice");
        }
        return new LeaveVoice();
      }
      case "press" -> {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("press needs a button label or id, as in: press Confirm");
        }
        return new Press(rest);
      }
      case "channel" -> {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("channel needs a channel name, as in: channel bot");
        }
        return new SwitchChannel(rest);
      }
      case "guilds" -> {
        return new Guilds();
      }
      case "help", "?" -> {
        return new Help();
      }
      case "quit", "exit" -> {
        return new Quit();
      }
      default -> throw new IllegalArgumentException("Unknown command '" + words[0] + "'; type help");
    }
  }

  /**
   * Reads lines until the end of input or {@code quit}.
   *
   * @param in the input
   * @throws IOException when reading fails
   */
  public void run(BufferedReader in) throws IOException {
    out.println("Local Discord: you are " + currentUser + " in #" + channel().name() + ". Type help.");
    String line;
    while ((line = in.readLine()) != null) {
      if (!execute(line)) {
        return;
      }
    }
  }

  /**
   * Executes one line; errors are printed, not thrown.
   *
   * @param line what was typed
   * @return false when the line was {@code quit}
   */
  public boolean execute(String line) {
    try {
      Line parsed = parse(line);
      if (parsed instanceof Quit) {
        return false;
      }
      perform(parsed, currentUser);
    } catch (IllegalArgumentException | LocalDiscordException e) {
      out.println("! " + e.getMessage());
    }
    return true;
  }

  private void perform(Line line, String username) {
    LocalUser user = discord.user(username);
    if (line instanceof Slash slash) {
      InteractionHandle handle = user.invoke(channel(), slash.commandLine());
      out.println(username + " used " + readable(handle.description()));
      // The next line waits for the answer, so a script's lines run in order and nothing is cut off at its end.
      handle.awaitReply(ANSWER_WAIT);
    } else if (line instanceof Say say) {
      user.say(channel(), mentions(say.text()));
    } else if (line instanceof As as) {
      perform(as.line(), discord.user(as.user()).name());
    } else if (line instanceof JoinVoice join) {
      LocalChannel voice = guild().channel(join.channel());
      user.joinVoice(voice);
      out.println(username + " joined voice " + voice.name());
    } else if (line instanceof LeaveVoice) {
      user.leaveVoice(guild());
      out.println(username + " left voice");
    } else if (line instanceof Press press) {
      LocalMessage message = discord.messages(channel()).stream()
          .filter(m -> m.fromBot() && !m.buttons().isEmpty())
          .reduce((first, second) -> second)
          .orElseThrow(() -> new LocalDiscordException("No bot message with buttons in #" + channel().name()));
      user.press(message, press.button());
      out.println(username + " pressed " + press.button());
    } else if (line instanceof SwitchChannel switchChannel) {
      LocalChannel channel = guild().channel(switchChannel.channel());
      if (!channel.isText()) {
        throw new LocalDiscordException(channel.name() + " is not a text channel");
      }
      currentChannelId = channel.id();
      out.println("Now in #" + channel.name());
    } else if (line instanceof Guilds) {
      printGuilds();
    } else if (line instanceof Help) {
      printHelp();
    }
  }

  private void printGuilds() {
    for (LocalGuild guild : discord.guilds()) {
      out.println(guild.name() + (guild.id().equals(currentGuildId) ? " (current)" : ""));
      for (LocalChannel channel : guild.channels()) {
        String kind = channel.isCategory() ? "category " : channel.isVoice() ? "voice " : "#";
        String inVoice = guild.members().stream()
            .filter(m -> m.voiceChannelId().filter(channel.id()::equals).isPresent())
            .map(LocalMember::username)
            .collect(Collectors.joining(", "));
        out.println("  " + kind + channel.name() + (inVoice.isEmpty() ? "" : ": " + inVoice));
      }
      out.println("  members: " + guild.members().stream().map(LocalMember::username)
          .collect(Collectors.joining(", ")));
    }
  }

  private void printHelp() {
    out.println("/command [options]     invoke a slash command, e.g. /pay bob 10 or /pay to:bob amount:10");
    out.println("as <user> <line>       act as another user, e.g. as bob say hi");
    out.println("say <text>             send a message (@name mentions a user)");
    out.println("press <button>         press a button of the bot's latest message here");
    out.println("join voice <channel>   join or switch voice channels");
    out.println("leave voice            leave voice");
    out.println("channel <name>         switch the current text channel");
    out.println("guilds                 list guilds, channels and who is in voice");
    out.println("quit                   leave");
    List<String> commands = new ArrayList<>();
    discord.globalCommands().forEach(c -> commands.add("/" + c.name()));
    discord.guildCommands(guild()).forEach(c -> commands.add("/" + c.name()));
    out.println("The bot's commands: " + (commands.isEmpty() ? "none registered" : String.join(", ", commands)));
  }

  private LocalGuild guild() {
    return discord.guild(currentGuildId);
  }

  private LocalChannel channel() {
    return guild().channel(currentChannelId);
  }

  private String mentions(String text) {
    StringBuilder result = new StringBuilder();
    for (String word : text.split(" ", -1)) {
      if (result.length() > 0) {
        result.append(' ');
      }
      Optional<LocalMember> member = word.startsWith("@") ? guild().findMember(word.substring(1)) : Optional.empty();
      result.append(member.map(m -> "<@" + m.userId() + ">").orElse(word));
    }
    return result.toString();
  }

  private String readable(String text) {
    String result = text;
    for (LocalGuild guild : discord.guilds()) {
      for (LocalMember member : guild.members()) {
        result = result.replace("<@" + member.userId() + ">", "@" + member.username())
            .replace(":" + member.userId(), ":@" + member.username());
      }
      for (LocalChannel channel : guild.channels()) {
        result = result.replace("<#" + channel.id() + ">", "#" + channel.name())
            .replace(":" + channel.id(), ":#" + channel.name());
      }
      for (LocalRole role : guild.roles()) {
        result = result.replace("<@&" + role.id() + ">", "@" + role.name()).replace(":" + role.id(), ":@" + role.name());
      }
    }
    return result;
  }

  private void print(RecordedAction action) {
    describe(action).ifPresent(text -> out.println("bot> " + readable(text)));
  }

  /** What a person wants to read about an action; empty for reads that change nothing. */
  private Optional<String> describe(RecordedAction action) {
    JsonNode body = action.body();
    JsonNode result = action.result();
    if (!action.succeeded()) {
      return Optional.of(action.method() + " " + action.path() + " failed: " + action.status() + " "
          + result.path("message").asText());
    }
    String route = action.route();
    return switch (action.method() + " " + route) {
      case "POST interactions/{interaction_id}/{interaction_token}/callback" -> Optional.of(callback(body));
      case "POST webhooks/{application_id}/{interaction_token}" -> Optional.of(message(body));
      case "PATCH webhooks/{application_id}/{interaction_token}/messages/{message_id}" ->
          Optional.of("(edited) " + message(body));
      case "POST channels/{channel_id}/messages" -> Optional.of("in " + channelName(action.path(), 1) + ": " + message(body));
      case "PATCH channels/{channel_id}/messages/{message_id}" ->
          Optional.of("(edited in " + channelName(action.path(), 1) + ") " + message(body));
      case "DELETE channels/{channel_id}/messages/{message_id}" ->
          Optional.of("deleted a message in " + channelName(action.path(), 1));
      case "POST guilds/{guild_id}/channels" -> Optional.of("created channel " + result.path("name").asText());
      case "PATCH channels/{channel_id}" -> Optional.of("changed channel " + result.path("name").asText());
      case "DELETE channels/{channel_id}" -> Optional.of("deleted channel " + result.path("name").asText());
      case "PUT channels/{channel_id}/permissions/{overwrite_id}",
          "DELETE channels/{channel_id}/permissions/{overwrite_id}" ->
          Optional.of("changed the permissions of " + channelName(action.path(), 1));
      case "PATCH guilds/{guild_id}/members/{user_id}" -> Optional.of(memberChange(action.path(), body));
      case "PUT guilds/{guild_id}/members/{user_id}/roles/{role_id}" ->
          Optional.of("gave <@" + segment(action.path(), 3) + "> the role <@&" + segment(action.path(), 5) + ">");
      case "DELETE guilds/{guild_id}/members/{user_id}/roles/{role_id}" ->
          Optional.of("took the role <@&" + segment(action.path(), 5) + "> from <@" + segment(action.path(), 3) + ">");
      case "DELETE guilds/{guild_id}/members/{user_id}" -> Optional.of("kicked <@" + segment(action.path(), 3) + ">");
      case "PUT guilds/{guild_id}/bans/{user_id}" -> Optional.of("banned <@" + segment(action.path(), 3) + ">");
      case "DELETE guilds/{guild_id}/bans/{user_id}" -> Optional.of("unbanned <@" + segment(action.path(), 3) + ">");
      case "PUT applications/{application_id}/commands",
          "PUT applications/{application_id}/guilds/{guild_id}/commands" -> {
        List<String> names = new ArrayList<>();
        result.forEach(c -> names.add("/" + c.path("name").asText()));
        yield Optional.of("registered " + names.size() + " commands" + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
      }
      default -> action.method().equals("GET") || route.endsWith("/typing")
          ? Optional.empty() : Optional.of(action.method() + " " + action.path());
    };
  }

  private static String callback(JsonNode body) {
    JsonNode data = body.path("data");
    boolean ephemeral = (data.path("flags").asInt(0) & LocalMessage.EPHEMERAL) != 0;
    return switch (body.path("type").asInt()) {
      case 4 -> message(data) + (ephemeral ? "   (only you can see this)" : "");
      case 5 -> "(thinking...)" + (ephemeral ? "   (only you can see this)" : "");
      case 6 -> "(acknowledged)";
      case 7 -> "(updated the message) " + message(data);
      case 9 -> "(opened a form: " + data.path("title").asText() + ")";
      default -> "(answered with callback type " + body.path("type").asInt() + ")";
    };
  }

  private static String message(JsonNode body) {
    LocalMessage message = new LocalMessage(body, true);
    String buttons = message.buttons().stream().map(b -> "[" + b.label() + "]").collect(Collectors.joining(" "));
    String text = message.text();
    return (text.isEmpty() ? "" : text) + (buttons.isEmpty() ? "" : (text.isEmpty() ? "" : " ") + buttons);
  }

  private String memberChange(String path, JsonNode body) {
    String who = "<@" + segment(path, 3) + ">";
    List<String> changes = new ArrayList<>();
    if (body.has("channel_id")) {
      changes.add(body.get("channel_id").isNull() ? "disconnected " + who + " from voice"
          : "moved " + who + " to " + channelName("channels/" + body.get("channel_id").asText(), 1));
    }
    if (body.has("communication_disabled_until")) {
      changes.add(body.get("communication_disabled_until").isNull() ? "lifted the timeout of " + who
          : "timed out " + who + " until " + body.get("communication_disabled_until").asText());
    }
    if (body.has("nick")) {
      changes.add("set the nickname of " + who + " to " + body.get("nick").asText("(none)"));
    }
    if (body.has("roles")) {
      List<String> roles = new ArrayList<>();
      body.get("roles").forEach(r -> roles.add("<@&" + r.asText() + ">"));
      changes.add("set the roles of " + who + " to " + String.join(", ", roles));
    }
    for (String flag : List.of("mute", "deaf")) {
      if (body.has(flag)) {
        changes.add((body.get(flag).asBoolean() ? "" : "un") + (flag.equals("mute") ? "muted " : "deafened ") + who);
      }
    }
    return changes.isEmpty() ? "changed " + who : String.join(", ", changes);
  }

  private String channelName(String path, int index) {
    String id = segment(path, index);
    for (LocalGuild guild : discord.guilds()) {
      Optional<LocalChannel> channel = guild.findChannel(id);
      if (channel.isPresent()) {
        return channel.get().isVoice() ? channel.get().name() : "#" + channel.get().name();
      }
    }
    return "a DM";
  }

  private static String segment(String path, int index) {
    String[] parts = path.split("/");
    return index < parts.length ? parts[index] : "";
  }

  /** Stops printing the bot's actions. */
  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      throw new LocalDiscordException("Could not stop printing the bot's actions", e);
    }
  }
}
