package dev.cogwheel.runtime.command;

import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.storage.StorableText;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks an invocation's options against the command's declaration, as Discord would and then some:
 * unknown and missing options, types, choices, ranges and lengths. Stateless.
 */
public final class OptionValidator {

  private OptionValidator() {
  }

  /**
   * Checks the options of one invocation.
   *
   * @param command the command or subcommand that has the handler
   * @param path the command as typed, for messages
   * @param options the options given
   * @return the first problem, as a message for the user naming the option and the rule; empty when valid
   */
  public static Optional<String> check(SlashCommand command, String path, Map<String, Object> options) {
    for (String given : options.keySet()) {
      if (command.options().stream().noneMatch(o -> o.name().equals(given))) {
        return Optional.of("/" + path + " has no option " + given + "; its options are: "
            + (command.options().isEmpty() ? "none" : command.options().stream().map(CommandOption::name).collect(Collectors.joining(", "))) + ".");
      }
    }
    for (CommandOption option : command.options()) {
      Object value = options.get(option.name());
      if (value == null) {
        if (option.required()) {
          return Optional.of("Option " + option.name() + " of /" + path + " is required: " + option.description());
        }
        continue;
      }
      Optional<String> problem = checkValue(option, value);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkValue(CommandOption option, Object value) {
    String name = option.name();
    boolean typed = switch (option.type()) {
      case STRING -> value instanceof String;
      case INTEGER, USER, CHANNEL, ROLE -> value instanceof Long || value instanceof Integer;
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
    };
    if (!typed) {
      return Optional.of("Option " + name + " must be " + article(option.type()) + ", not '" + value + "'.");
    }
    if (!option.choices().isEmpty() && option.choices().stream().noneMatch(c -> sameValue(c, value))) {
      return Optional.of("Option " + name + " must be one of: "
          + option.choices().stream().map(OptionChoice::name).collect(Collectors.joining(", ")) + "; not '" + value + "'.");
    }
    if (option.type() == OptionType.STRING) {
      Optional<String> unstorable = StorableText.problem((String) value);
      if (unstorable.isPresent()) {
        return Optional.of("Option " + name + " contains " + unstorable.get() + ", which cannot be stored or shown;"
            + " remove it and try again.");
      }
      int length = ((String) value).length();
      if (option.min().isPresent() && length < option.min().get()) {
        return Optional.of("Option " + name + " must be at least " + option.min().get().intValue() + " characters long.");
      }
      if (option.max().isPresent() && length > option.max().get()) {
        return Optional.of("Option " + name + " must be at most " + option.max().get().intValue() + " characters long.");
      }
    } else if (option.type() == OptionType.INTEGER || option.type() == OptionType.NUMBER) {
      double number = ((Number) value).doubleValue();
      if (option.min().isPresent() && number < option.min().get()) {
        return Optional.of("Option " + name + " must be at least " + shown(option, option.min().get()) + " (you gave " + value + ").");
      }
      if (option.max().isPresent() && number > option.max().get()) {
        return Optional.of("Option " + name + " must be at most " + shown(option, option.max().get()) + " (you gave " + value + ").");
      }
    }
    return Optional.empty();
  }

  private static boolean sameValue(OptionChoice choice, Object value) {
    if (choice.value() instanceof Number c && value instanceof Number v) {
      return c.doubleValue() == v.doubleValue();
    }
    return choice.value().equals(value);
  }

  private static String shown(CommandOption option, double bound) {
    return option.type() == OptionType.INTEGER ? Long.toString((long) bound) : Double.toString(bound);
  }

  private static String article(OptionType type) {
    return switch (type) {
      case STRING -> "text";
      case INTEGER -> "a whole number";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case USER -> "a user";
      case CHANNEL -> "a channel";
      case ROLE -> "a role";
    };
  }
}
