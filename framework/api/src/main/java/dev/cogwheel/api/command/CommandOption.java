package dev.cogwheel.api.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An option of a slash command. The host validates every invocation against it before the handler
 * runs (required, type, choices, range, length) and answers a bad one with an ephemeral message that
 * names the option and the rule.
 *
 * @param name the name: 1 to 32 lower-case letters, digits, {@code -} or {@code _}
 * @param description what the user sees, 1 to 100 characters
 * @param type the type
 * @param required whether the user must give it
 * @param choices the only values allowed, when not empty (at most 25)
 * @param min the smallest number (INTEGER, NUMBER) or shortest text (STRING, as a length), if any
 * @param max the largest number (INTEGER, NUMBER) or longest text (STRING, as a length), if any
 * @param autocomplete what suggests values while the user types, if any (STRING, INTEGER, NUMBER;
 *     not with choices); the value given is still validated against the option's rules
 */
public record CommandOption(String name, String description, OptionType type, boolean required,
    List<OptionChoice> choices, Optional<Double> min, Optional<Double> max, Optional<AutocompleteHandler> autocomplete) {

  static final Pattern NAME = Pattern.compile("[-_\\p{Ll}\\p{Lo}\\p{N}]{1,32}");

  /**
   * Checks the option.
   *
   * @throws IllegalArgumentException naming the option and what is wrong with it
   */
  public CommandOption {
    Objects.requireNonNull(type, "type");
    checkName("option", name);
    checkDescription("option " + name, description);
    choices = List.copyOf(choices);
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (choices.size() > 25) {
      throw new IllegalArgumentException("Option " + name + " has " + choices.size() + " choices; Discord allows 25.");
    }
    if (!choices.isEmpty() && type != OptionType.STRING && type != OptionType.INTEGER && type != OptionType.NUMBER) {
      throw new IllegalArgumentException("Option " + name + " is " + type + "; only STRING, INTEGER and NUMBER options have choices.");
    }
    for (OptionChoice choice : choices) {
      boolean fits = switch (type) {
        case STRING -> choice.value() instanceof String;
        case INTEGER -> choice.value() instanceof Long;
        default -> choice.value() instanceof Long || choice.value() instanceof Double;
      };
      if (!fits) {
        throw new IllegalArgumentException("Choice '" + choice.name() + "' of option " + name + " is not a " + type + " value.");
      }
    }
    if ((min.isPresent() || max.isPresent()) && type != OptionType.STRING && type != OptionType.INTEGER && type != OptionType.NUMBER) {
      throw new IllegalArgumentException("Option " + name + " is " + type + "; only STRING, INTEGER and NUMBER options have a range.");
    }
    Objects.requireNonNull(autocomplete, "autocomplete");
    if (autocomplete.isPresent() && (!choices.isEmpty()
        || (type != OptionType.STRING && type != OptionType.INTEGER && type != OptionType.NUMBER))) {
      throw new IllegalArgumentException("Option " + name + " cannot autocomplete: only STRING, INTEGER and NUMBER options"
          + " without choices can.");
    }
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      throw new IllegalArgumentException("Option " + name + " has min " + min.get() + " above max " + max.get() + ".");
    }
  }

  static void checkName(String what, String name) {
    Objects.requireNonNull(name, what + " name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("The " + what + " name '" + name
          + "' is not allowed: use 1 to 32 lower-case letters, digits, '-' or '_'.");
    }
  }

  static void checkDescription(String what, String description) {
    Objects.requireNonNull(description, what + " description");
    if (description.isBlank() || description.length() > 100) {
      throw new IllegalArgumentException("The description of " + what + " must be 1 to 100 characters.");
    }
  }

  /**
   * Starts an option.
   *
   * @param name the name
   * @param type the type
   * @param description what the user sees
   * @return a builder; the option is optional unless {@link Builder#required()} is called
   */
  public static Builder builder(String name, OptionType type, String description) {
    return new Builder(name, type, description);
  }

  /** Builds a {@link CommandOption}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final OptionType type;
    private final String description;
    private boolean required;
    private final List<OptionChoice> choices = new ArrayList<>();
    private Double min;
    private Double max;
    private AutocompleteHandler autocomplete;

    private Builder(String name, OptionType type, String description) {
      this.name = name;
      this.type = type;
      this.description = description;
    }

    /**
     * Makes the option required.
     *
     * @return this builder
     */
    public Builder required() {
      this.required = true;
      return this;
    }

    /**
     * Adds allowed values.
     *
     * @param choices the choices
     * @return this builder
     */
    public Builder choices(OptionChoice... choices) {
      this.choices.addAll(List.of(choices));
      return this;
    }

    /**
     * Sets the range: numbers for INTEGER and NUMBER, the length for STRING.
     *
     * @param min the smallest allowed
     * @param max the largest allowed
     * @return this builder
     */
    public Builder range(double min, double max) {
      this.min = min;
      this.max = max;
      return this;
    }

    /**
     * Sets only the smallest allowed value (or length).
     *
     * @param min the smallest allowed
     * @return this builder
     */
    public Builder min(double min) {
      this.min = min;
      return this;
    }

    /**
     * Sets only the largest allowed value (or length).
     *
     * @param max the largest allowed
     * @return this builder
     */
    public Builder max(double max) {
      this.max = max;
      return this;
    }

    /**
     * Suggests values while the user types.
     *
     * @param handler what suggests them
     * @return this builder
     */
    public Builder autocomplete(AutocompleteHandler handler) {
      this.autocomplete = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Builds the option.
     *
     * @return the option
     * @throws IllegalArgumentException naming what is wrong
     */
    public CommandOption build() {
      return new CommandOption(name, description, type, required, choices, Optional.ofNullable(min), Optional.ofNullable(max),
          Optional.ofNullable(autocomplete));
    }
  }
}
