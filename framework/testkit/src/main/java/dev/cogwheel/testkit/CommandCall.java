package dev.cogwheel.testkit;

import dev.cogwheel.runtime.command.CommandInvocation;
import dev.cogwheel.runtime.command.CommandResponder;
import dev.cogwheel.runtime.command.CommandResult;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One slash command invocation being put together: options, who, where; {@link #run()} sends it
 * through the host as Discord would (options validated, the caller's Pid derived, answers recorded).
 * By default the caller is {@link TestHost#USER} in channel {@link TestHost#CHANNEL} of guild
 * {@link TestHost#GUILD}. Not thread-safe; make one per invocation.
 */
public final class CommandCall {

  private final CogwheelPluginManager manager;
  private final String command;
  private String group;
  private String subcommand;
  private final Map<String, Object> options = new LinkedHashMap<>();
  private OptionalLong guild = OptionalLong.of(TestHost.GUILD);
  private long channel = TestHost.CHANNEL;
  private long user = TestHost.USER;
  private boolean owner;

  CommandCall(CogwheelPluginManager manager, String command) {
    this.manager = manager;
    this.command = command;
  }

  /**
   * Names the subcommand group (then name the subcommand too).
   *
   * @param name the group
   * @return this call
   */
  public CommandCall group(String name) {
    this.group = name;
    return this;
  }

  /**
   * Names the subcommand.
   *
   * @param name the subcommand
   * @return this call
   */
  public CommandCall subcommand(String name) {
    this.subcommand = name;
    return this;
  }

  /**
   * Gives an option: a String, a number (Integer and Long become INTEGER values), a Boolean, or the id of
   * a user, channel or role as a Long.
   *
   * @param name the option
   * @param value its value
   * @return this call
   */
  public CommandCall option(String name, Object value) {
    options.put(name, value instanceof Integer i ? Long.valueOf(i) : value);
    return this;
  }

  /**
   * Sets the caller.
   *
   * @param userId the caller's Discord id
   * @return this call
   */
  public CommandCall by(long userId) {
    this.user = userId;
    return this;
  }

  /**
   * Sets the guild and channel.
   *
   * @param guildId the guild
   * @param channelId the channel
   * @return this call
   */
  public CommandCall in(long guildId, long channelId) {
    this.guild = OptionalLong.of(guildId);
    this.channel = channelId;
    return this;
  }

  /**
   * Sends the command from a direct message.
   *
   * @return this call
   */
  public CommandCall inDirectMessage() {
    this.guild = OptionalLong.empty();
    return this;
  }

  /**
   * Makes the caller one of the bot's owners.
   *
   * @return this call
   */
  public CommandCall asOwner() {
    this.owner = true;
    return this;
  }

  /**
   * Runs the command and waits for it to end.
   *
   * @return what the user got back
   * @throws AssertionError if it did not end within a minute
   */
  public CommandReply run() {
    List<CommandReply.Answer> answers = new ArrayList<>();
    CommandResponder responder = new CommandResponder() {
      @Override
      public synchronized void reply(String content, boolean ephemeral) {
        answers.add(new CommandReply.Answer(ephemeral ? CommandReply.Kind.EPHEMERAL : CommandReply.Kind.REPLY, content));
      }

      @Override
      public synchronized void defer(boolean ephemeral) {
        answers.add(new CommandReply.Answer(CommandReply.Kind.DEFER, ephemeral ? "ephemeral" : ""));
      }

      @Override
      public synchronized void followUp(String content) {
        answers.add(new CommandReply.Answer(CommandReply.Kind.FOLLOW_UP, content));
      }
    };
    CommandInvocation invocation = new CommandInvocation(command, Optional.ofNullable(group), Optional.ofNullable(subcommand), options, guild, channel, user,
        owner, Optional.empty());
    try {
      CommandResult result = manager.commands().dispatch(invocation, responder).get(1, TimeUnit.MINUTES);
      synchronized (responder) {
        return new CommandReply(CommandOutcome.valueOf(result.outcome().name()), answers, result.detail());
      }
    } catch (TimeoutException e) {
      throw new AssertionError("/" + invocation.path() + " did not end within a minute", e);
    } catch (ExecutionException e) {
      throw new AssertionError("/" + invocation.path() + " failed in the host: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for /" + invocation.path(), e);
    }
  }
}
