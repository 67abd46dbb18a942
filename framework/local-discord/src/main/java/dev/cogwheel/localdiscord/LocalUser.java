package dev.cogwheel.localdiscord;

import java.util.Map;

/**
 * A (human) user of a {@link LocalDiscord}, and the handle to act as that user: send messages,
 * invoke slash commands, press buttons, move between voice channels, join and leave guilds. Each
 * action changes the world and sends the bot the gateway event Discord would send; it returns at
 * once, and the bot's reaction is waited for with the returned handle or the {@code await}
 * methods of {@link LocalDiscord}. Thread-safe.
 */
public final class LocalUser {

  private final LocalDiscord discord;
  private final WorldState world;
  private final Model.User user;

  LocalUser(LocalDiscord discord, WorldState world, Model.User user) {
    this.discord = discord;
    this.world = world;
    this.user = user;
  }

  /** @return the user's snowflake */
  public String id() {
    return Json.id(user.id);
  }

  /** @return the user's username */
  public String name() {
    return user.name;
  }

  /** @return the mention the bot would parse, {@code <@id>} */
  public String mention() {
    return "<@" + id() + ">";
  }

  /**
   * Sends a message (MESSAGE_CREATE). Without the MESSAGE_CONTENT intent the bot gets it with empty
   * content unless it mentions the bot, as on Discord.
   *
   * @param channel a text channel of a guild the user is in, or the user's DM channel
   * @param content the text; {@code <@id>} mentions are parsed
   * @return the message as sent
   * @throws LocalDiscordException when the user cannot write there
   */
  public LocalMessage say(LocalChannel channel, String content) {
    synchronized (world) {
      return world.snapshots.of(world.messages.userSays(user.id, parse(channel.id()), content));
    }
  }

  /**
   * Sends the bot a direct message.
   *
   * @param content the text
   * @return the message as sent
   */
  public LocalMessage sendDirect(String content) {
    synchronized (world) {
      return world.snapshots.of(world.messages.userSays(user.id, world.directory.dmChannel(user.id).id, content));
    }
  }

  /** @return this user's DM channel with the bot */
  public LocalChannel directChannel() {
    synchronized (world) {
      return world.snapshots.of(world.directory.dmChannel(user.id));
    }
  }

  /**
   * Invokes a slash command typed as a Discord user would: {@code /xp rank},
   * {@code /pay bob 10} (values fill the options in order; a last text option takes the rest of
   * the line) or {@code /pay to:bob amount:10}. Users, channels and roles are named
   * ({@code bob}, {@code @bob}, {@code #general}, {@code @Admin}) or given as ids or mentions.
   *
   * @param channel where the command is used
   * @param commandLine the command line
   * @return the handle to await the bot's answer
   * @throws InvalidInteractionException when Discord would not send it, naming the problem
   */
  public InteractionHandle invoke(LocalChannel channel, String commandLine) {
    synchronized (world) {
      Model.Channel target = world.directory.channel(parse(channel.id()));
      Model.Guild guild = target.guildId == 0 ? null : world.directory.guild(target.guildId);
      CommandValidator.Resolved resolved = CommandValidator.parseLine(world, guild, user, commandLine);
      return new InteractionHandle(world, world.interactions.invoke(user.id, target.id, resolved));
    }
  }

  /**
   * Invokes a slash command with named options.
   *
   * @param channel where the command is used
   * @param command the command and its subcommand path, as in {@code "xp rank"}
   * @param options option values by name: strings (converted by the option's type), numbers,
   *     booleans, {@link LocalUser}, {@link LocalMember}, {@link LocalChannel} or {@link LocalRole}
   * @return the handle to await the bot's answer
   * @throws InvalidInteractionException when Discord would not send it, naming the problem
   */
  public InteractionHandle invoke(LocalChannel channel, String command, Map<String, ?> options) {
    synchronized (world) {
      Model.Channel target = world.directory.channel(parse(channel.id()));
      Model.Guild guild = target.guildId == 0 ? null : world.directory.guild(target.guildId);
      CommandValidator.Resolved resolved = CommandValidator.resolve(world, guild, user, command, options);
      return new InteractionHandle(world, world.interactions.invoke(user.id, target.id, resolved));
    }
  }

  /**
   * Presses a button of a message.
   *
   * @param message a message with buttons, usually one the bot sent
   * @param customIdOrLabel the button's custom id, or its label
   * @return the handle to await the bot's answer
   * @throws InvalidInteractionException when the message has no such enabled button
   */
  public InteractionHandle press(LocalMessage message, String customIdOrLabel) {
    synchronized (world) {
      return new InteractionHandle(world,
          world.interactions.press(user.id, parse(message.channelId()), parse(message.id()), customIdOrLabel));
    }
  }

  /**
   * Fills in and submits the modal the bot answered an interaction with (a MODAL_SUBMIT
   * interaction, type 5), as Discord's client does: text inputs not given keep the value the bot
   * prefilled, or are empty.
   *
   * @param shown the interaction the bot answered with a modal (callback type 9), one of this user's
   * @param values the text typed, by the text inputs' custom ids
   * @return the handle to await the bot's answer to the submission
   * @throws InvalidInteractionException when the bot showed no modal there, it was already
   *     submitted, a value names no text input of the modal, a required input is empty or a value's
   *     length is outside the input's limits
   */
  public InteractionHandle submitModal(InteractionHandle shown, Map<String, String> values) {
    synchronized (world) {
      return new InteractionHandle(world, world.interactions.submitModal(user.id, parse(shown.id()), values));
    }
  }

  /**
   * Joins or switches to a voice channel (VOICE_STATE_UPDATE).
   *
   * @param voiceChannel a voice channel of a guild the user is in
   */
  public void joinVoice(LocalChannel voiceChannel) {
    long guildId = parse(voiceChannel.guildId().orElseThrow(
        () -> new LocalDiscordException(voiceChannel.name() + " is not a guild channel")));
    synchronized (world) {
      world.voice.join(user.id, guildId, parse(voiceChannel.id()));
    }
  }

  /**
   * Leaves the voice channel the user is in (VOICE_STATE_UPDATE with no channel).
   *
   * @param guild the guild
   * @throws LocalDiscordException when the user is in no voice channel there
   */
  public void leaveVoice(LocalGuild guild) {
    synchronized (world) {
      world.voice.leave(user.id, parse(guild.id()));
    }
  }

  /**
   * Joins a guild (GUILD_MEMBER_ADD).
   *
   * @param guild a guild of the bot's
   */
  public void joinGuild(LocalGuild guild) {
    synchronized (world) {
      world.members.join(user.id, parse(guild.id()));
    }
  }

  /**
   * Leaves a guild (GUILD_MEMBER_REMOVE, after a VOICE_STATE_UPDATE if in voice).
   *
   * @param guild the guild
   */
  public void leaveGuild(LocalGuild guild) {
    synchronized (world) {
      world.members.leave(user.id, parse(guild.id()));
    }
  }

  /** @return the server this user lives on */
  public LocalDiscord discord() {
    return discord;
  }

  private static long parse(String id) {
    return Long.parseUnsignedLong(id);
  }

  @Override
  public String toString() {
    return "LocalUser[" + user.name + "]";
  }
}
