package dev.cogwheel.api.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.dv8tion.jda.api.Permission;

/**
 * A slash command a plugin declares: either a command with options and a handler
 * ({@code /rank [member]}), or a command made of subcommands ({@code /xp rank}, {@code /xp top}) and
 * subcommand groups ({@code /ticket staff add}), each subcommand with its own options and handler.
 *
 * @param name the name: 1 to 32 lower-case letters, digits, {@code -} or {@code _}
 * @param description what the user sees, 1 to 100 characters
 * @param options the options, required ones first (at most 25); empty when there are subcommands
 * @param subcommands the subcommands, each with a handler and no subcommands of its own
 * @param groups the subcommand groups; subcommands and groups together at most 25
 * @param handler what runs for the command; empty when there are subcommands
 * @param defaultPermissions the permissions a member needs by default (Discord hides the command from
 *     others until an admin changes it); empty means everyone
 * @param guildOnly whether the command is refused in direct messages
 * @param ownerOnly whether only the bot's owners may run it (checked by the host on every invocation)
 */
public record SlashCommand(String name, String description, List<CommandOption> options, List<SlashCommand> subcommands,
    List<SubcommandGroup> groups, Optional<CommandHandler> handler, Set<Permission> defaultPermissions, boolean guildOnly, boolean ownerOnly) {

  /**
   * Checks the command.
   *
   * @throws IllegalArgumentException naming the command and what is wrong with it
   */
  public SlashCommand {
    CommandOption.checkName("command", name);
    CommandOption.checkDescription("command " + name, description);
    options = List.copyOf(options);
    subcommands = List.copyOf(subcommands);
    groups = List.copyOf(groups);
    Objects.requireNonNull(handler, "handler");
    boolean parent = !subcommands.isEmpty() || !groups.isEmpty();
    defaultPermissions = defaultPermissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultPermissions));
    if (parent == handler.isPresent()) {
      throw new IllegalArgumentException("Command " + name + " needs either a handler or subcommands, not "
          + (handler.isEmpty() ? "neither" : "both") + ".");
    }
    if (parent && !options.isEmpty()) {
      throw new IllegalArgumentException("Command " + name + " has subcommands, so its options belong to the subcommands.");
    }
    if (options.size() > 25 || subcommands.size() + groups.size() > 25) {
      throw new IllegalArgumentException("Command " + name + " has more than 25 options or subcommands; Discord allows 25.");
    }
    Set<String> seen = new HashSet<>();
    boolean optionalSeen = false;
    for (CommandOption option : options) {
      if (!seen.add(option.name())) {
        throw new IllegalArgumentException("Command " + name + " has two options named " + option.name() + ".");
      }
      if (option.required() && optionalSeen) {
        throw new IllegalArgumentException("Command " + name + ": required option " + option.name()
            + " comes after an optional one; Discord wants required options first.");
      }
      optionalSeen |= !option.required();
    }
    for (SlashCommand sub : subcommands) {
      if (!seen.add(sub.name())) {
        throw new IllegalArgumentException("Command " + name + " has two subcommands named " + sub.name() + ".");
      }
      if (!sub.subcommands().isEmpty() || !sub.groups().isEmpty()) {
        throw new IllegalArgumentException("Subcommand " + name + " " + sub.name() + " has subcommands of its own;"
            + " use a SubcommandGroup for a second level.");
      }
    }
    for (SubcommandGroup group : groups) {
      if (!seen.add(group.name())) {
        throw new IllegalArgumentException("Command " + name + " has a subcommand and a group, or two groups, named "
            + group.name() + ".");
      }
    }
  }

  /**
   * Starts a command.
   *
   * @param name the name
   * @param description what the user sees
   * @return a builder
   */
  public static Builder builder(String name, String description) {
    return new Builder(name, description);
  }

  /**
   * Finds the part of this command an invocation names.
   *
   * @param group the subcommand group's name, or empty
   * @param subcommand the subcommand's name, or empty for the command itself
   * @return the command or subcommand that has the handler, if it exists
   */
  public Optional<SlashCommand> leaf(Optional<String> group, Optional<String> subcommand) {
    if (group.isPresent()) {
      return groups.stream().filter(g -> g.name().equals(group.get())).findFirst()
          .flatMap(g -> g.subcommands().stream().filter(s -> subcommand.isPresent() && s.name().equals(subcommand.get())).findFirst());
    }
    if (subcommand.isEmpty()) {
      return handler.isPresent() ? Optional.of(this) : Optional.empty();
    }
    return subcommands.stream().filter(s -> s.name().equals(subcommand.get())).findFirst();
  }

  /** Builds a {@link SlashCommand}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String description;
    private final List<CommandOption> options = new ArrayList<>();
    private final List<SlashCommand> subcommands = new ArrayList<>();
    private final List<SubcommandGroup> groups = new ArrayList<>();
    private CommandHandler handler;
    private final Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    private boolean guildOnly;
    private boolean ownerOnly;

    private Builder(String name, String description) {
      this.name = name;
      this.description = description;
    }

    /**
     * Adds an option.
     *
     * @param option the option
     * @return this builder
     */
    public Builder option(CommandOption option) {
      options.add(Objects.requireNonNull(option, "option"));
      return this;
    }

    /**
     * Adds an option built from a builder.
     *
     * @param option the option's builder
     * @return this builder
     */
    public Builder option(CommandOption.Builder option) {
      return option(option.build());
    }

    /**
     * Adds a subcommand.
     *
     * @param subcommand a command with a handler and no subcommands
     * @return this builder
     */
    public Builder subcommand(SlashCommand subcommand) {
      subcommands.add(Objects.requireNonNull(subcommand, "subcommand"));
      return this;
    }

    /**
     * Adds a subcommand group.
     *
     * @param group the group
     * @return this builder
     */
    public Builder group(SubcommandGroup group) {
      groups.add(Objects.requireNonNull(group, "group"));
      return this;
    }

    /**
     * Sets what runs for the command.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder handler(CommandHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the permissions a member needs by default.
     *
     * @param permissions the permissions
     * @return this builder
     */
    public Builder defaultPermissions(Permission... permissions) {
      this.permissions.addAll(List.of(permissions));
      return this;
    }

    /**
     * Refuses the command in direct messages.
     *
     * @return this builder
     */
    public Builder guildOnly() {
      this.guildOnly = true;
      return this;
    }

    /**
     * Lets only the bot's owners run the command.
     *
     * @return this builder
     */
    public Builder ownerOnly() {
      this.ownerOnly = true;
      return this;
    }

    /**
     * Builds the command.
     *
     * @return the command
     * @throws IllegalArgumentException naming what is wrong
     */
    public SlashCommand build() {
      return new SlashCommand(name, description, options, subcommands, groups, Optional.ofNullable(handler), permissions,
          guildOnly, ownerOnly);
    }
  }
}
