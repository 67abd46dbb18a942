package dev.cogwheel.testkit;

import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.command.SubcommandGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates invocations of a plugin's own slash commands, for property-based tests with jqwik: every
 * command, subcommand and group the plugin registered, called by one of a few members, in the test
 * guild or a direct message, with each option left out (unless required) or given a value of its
 * type that members and tools send: ordinary values, the edges of its range and past them, and for
 * text anything from Unicode in all its planes to {@code @everyone}, markup, SQL and format strings,
 * NUL and unpaired surrogates, and text longer than the option allows.
 *
 * <pre>{@code
 * @Property(tries = 200, seed = "20261207")
 * void everyCommandAnswersCleanly(@ForAll("invocations") CommandArbitraries.Invocation call) {
 *   CommandArbitraries.assertAnsweredCleanly(call, call.run(cogwheel.host()));
 * }
 *
 * @Provide
 * Arbitrary<CommandArbitraries.Invocation> invocations() {
 *   return CommandArbitraries.invocations(cogwheel.host());
 * }
 * }</pre>
 */
public final class CommandArbitraries {

  /** The members who call commands: {@link TestHost#USER} and three others. */
  public static final List<Long> MEMBERS = List.of(TestHost.USER, 2_000_000_000_000_000_101L, 2_000_000_000_000_000_102L,
      2_000_000_000_000_000_103L);

  private static final List<String> HOSTILE_TEXT = List.of(
      "@everyone", "@here", "<@&1000000000000000001>", "<@2000000000000000101>", "**bold** _it_ `code` ||spoiler||",
      "'; DROP TABLE cfg.cogwheel_config; --", "%s %n %d", "${env:DISCORD_TOKEN}", "{{member}} {level}", "\u0000",
      "a\u0000b", "\uD83D", "\uDE00x", "\u202Eevil", "\u200B", "🦀🦀🦀", "ⅯⅯⅯ", "١٢٣", "\r\n\t", " ", "",
      "-1", "0", "9223372036854775808", "NaN", "in 110000d", "9999-12-31 23:59", "<t:99999999999999:R>");

  private CommandArbitraries() {}

  /**
   * One generated invocation: which command, with which options, by whom and where.
   *
   * @param command the command name
   * @param group the subcommand group, if any
   * @param subcommand the subcommand, if any
   * @param options the options given, by name
   * @param user the caller
   * @param guild the guild, or empty for a direct message
   */
  public record Invocation(String command, Optional<String> group, Optional<String> subcommand, Map<String, Object> options,
      long user, OptionalLong guild) {

    /** Copies the options. */
    public Invocation {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Runs it on a host.
     *
     * @param host the host whose plugin registered the command
     * @return what the caller got back
     */
    public CommandReply run(TestHost host) {
      CommandCall call = host.command(command).by(user);
      group.ifPresent(call::group);
      subcommand.ifPresent(call::subcommand);
      options.forEach(call::option);
      if (guild.isPresent()) {
        call.in(guild.getAsLong(), TestHost.CHANNEL);
      } else {
        call.inDirectMessage();
      }
      return call.run();
    }

    /** The command as a member would type it, control characters escaped, for failure reports. */
    @Override
    public String toString() {
      StringBuilder typed = new StringBuilder("/" + command);
      group.ifPresent(g -> typed.append(' ').append(g));
      subcommand.ifPresent(s -> typed.append(' ').append(s));
      options.forEach((name, value) -> typed.append(' ').append(name).append(':').append(shown(value)));
      return typed + " by " + user + (guild.isPresent() ? " in the guild" : " in a DM");
    }
  }

  /**
   * Invocations of every command the plugin under test registered.
   *
   * @param host the host
   * @return the arbitrary
   * @throws IllegalStateException if the plugin registered no command
   */
  public static Arbitrary<Invocation> invocations(TestHost host) {
    return invocations(host, host.commands());
  }

  /**
   * Invocations of one command the plugin under test registered, its subcommands included.
   *
   * @param host the host
   * @param name the command's name
   * @return the arbitrary
   * @throws IllegalArgumentException if the plugin registered no command of that name
   */
  public static Arbitrary<Invocation> invocations(TestHost host, String name) {
    List<SlashCommand> named = host.commands().stream().filter(c -> c.name().equals(name)).toList();
    if (named.isEmpty()) {
      throw new IllegalArgumentException("The plugin under test registered no command /" + name + ".");
    }
    return invocations(host, named);
  }

  private static Arbitrary<Invocation> invocations(TestHost host, List<SlashCommand> commands) {
    List<Arbitrary<Invocation>> leaves = new ArrayList<>();
    for (SlashCommand command : commands) {
      if (command.handler().isPresent()) {
        leaves.add(leaf(command.name(), Optional.empty(), Optional.empty(), command));
      }
      for (SlashCommand sub : command.subcommands()) {
        leaves.add(leaf(command.name(), Optional.empty(), Optional.of(sub.name()), sub));
      }
      for (SubcommandGroup group : command.groups()) {
        for (SlashCommand sub : group.subcommands()) {
          leaves.add(leaf(command.name(), Optional.of(group.name()), Optional.of(sub.name()), sub));
        }
      }
    }
    if (leaves.isEmpty()) {
      throw new IllegalStateException("The plugin under test registered no slash command.");
    }
    return Arbitraries.oneOf(leaves);
  }

  /**
   * Checks what every command must hold to whatever it is given: it answered (succeeded or refused
   * with a message), and no answer shows an exception, a stack trace, SQL or the database's own words.
   *
   * @param call what was run
   * @param reply what came back
   * @throws AssertionError naming the invocation and the answer
   */
  public static void assertAnsweredCleanly(Invocation call, CommandReply reply) {
    if (reply.outcome() != CommandOutcome.SUCCEEDED && reply.outcome() != CommandOutcome.REFUSED) {
      throw new AssertionError(call + " ended " + reply.outcome() + ": " + reply.detail() + "; answers: " + reply.answers());
    }
    String text = reply.text();
    for (String leak : List.of("Exception", "\tat ", "SQLSTATE", "org.postgresql", "org.apache.ibatis", "com.zaxxer",
        "dev.cogwheel.", "java.lang.", "ERROR:  ", "relation \"")) {
      if (text.contains(leak)) {
        throw new AssertionError(call + " answered with '" + leak + "': " + text);
      }
    }
  }

  private static Arbitrary<Invocation> leaf(String name, Optional<String> group, Optional<String> subcommand, SlashCommand leaf) {
    List<Arbitrary<Optional<Object>>> values = new ArrayList<>();
    for (CommandOption option : leaf.options()) {
      Arbitrary<Object> value = value(option);
      values.add(option.required() ? value.map(Optional::of) : value.optional(0.6));
    }
    Arbitrary<Long> users = Arbitraries.of(MEMBERS);
    Arbitrary<OptionalLong> where = Arbitraries.frequencyOf(
        Tuple.of(9, Arbitraries.just(OptionalLong.of(TestHost.GUILD))),
        Tuple.of(1, Arbitraries.just(OptionalLong.empty())));
    Arbitrary<List<Optional<Object>>> options = values.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(values).as(List::copyOf);
    return Combinators.combine(options, users, where).as((given, user, guild) -> {
      Map<String, Object> named = new LinkedHashMap<>();
      for (int i = 0; i < given.size(); i++) {
        int index = i;
        given.get(i).ifPresent(v -> named.put(leaf.options().get(index).name(), v));
      }
      return new Invocation(name, group, subcommand, named, user, guild);
    });
  }

  private static Arbitrary<Object> value(CommandOption option) {
    if (!option.choices().isEmpty()) {
      List<Object> choices = option.choices().stream().map(OptionChoice::value).toList();
      return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(choices)),
          Tuple.of(1, text(option)));
    }
    return switch (option.type()) {
      case STRING -> text(option);
      case INTEGER -> Arbitraries.oneOf(
          Arbitraries.longs().between(bound(option.min(), -1_000L), bound(option.max(), 1_000_000L)),
          Arbitraries.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE + 1L,
              bound(option.min(), 0L) - 1, bound(option.max(), 0L) + 1)).map(v -> v);
      case NUMBER -> Arbitraries.oneOf(Arbitraries.doubles().between(-1e6, 1e6),
          Arbitraries.of(0.0, -0.0, 1e300, -1e300, Double.MIN_VALUE)).map(v -> v);
      case BOOLEAN -> Arbitraries.of(true, false).map(v -> v);
      case USER -> Arbitraries.of(MEMBERS).map(v -> v);
      case CHANNEL -> Arbitraries.of(TestHost.CHANNEL, 1L, 3_000_000_000_000_000_999L).map(v -> v);
      case ROLE -> Arbitraries.of(TestHost.GUILD, 1L, 4_000_000_000_000_000_999L).map(v -> v);
    };
  }

  private static Arbitrary<Object> text(CommandOption option) {
    int max = option.max().map(Double::intValue).orElse(100);
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(Math.min(max + 5, 300))),
        Tuple.of(3, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(Math.min(max + 5, 300))),
        Tuple.of(3, Arbitraries.of(HOSTILE_TEXT))).map(v -> v);
  }

  private static long bound(Optional<Double> limit, long fallback) {
    return limit.map(Double::longValue).orElse(fallback);
  }

  private static String shown(Object value) {
    if (!(value instanceof String text)) {
      return String.valueOf(value);
    }
    StringBuilder shown = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.isSurrogate((char) c) && c <= 0xFFFF) {
        shown.append(String.format("\\u%04X", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.append('"').toString();
  }
}
