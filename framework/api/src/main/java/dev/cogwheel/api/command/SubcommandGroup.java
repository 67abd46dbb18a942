package dev.cogwheel.api.command;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group of subcommands: {@code /ticket staff add} is command {@code ticket}, group {@code staff},
 * subcommand {@code add}.
 *
 * @param name the group name: 1 to 32 lower-case letters, digits, {@code -} or {@code _}
 * @param description what the user sees, 1 to 100 characters
 * @param subcommands its subcommands (1 to 25), each with a handler and no subcommands of its own
 */
public record SubcommandGroup(String name, String description, List<SlashCommand> subcommands) {

  /**
   * Checks the group.
   *
   * @throws IllegalArgumentException naming the group and what is wrong with it
   */
  public SubcommandGroup {
    CommandOption.checkName("subcommand group", name);
    CommandOption.checkDescription("subcommand group " + name, description);
    subcommands = List.copyOf(subcommands);
    if (subcommands.isEmpty() || subcommands.size() > 25) {
      throw new IllegalArgumentException("Subcommand group " + name + " has " + subcommands.size()
          + " subcommands; Discord wants 1 to 25.");
    }
    Set<String> seen = new HashSet<>();
    for (SlashCommand sub : subcommands) {
      if (!seen.add(sub.name())) {
        throw new IllegalArgumentException("Subcommand group " + name + " has two subcommands named " + sub.name() + ".");
      }
      if (!sub.subcommands().isEmpty() || !sub.groups().isEmpty()) {
        throw new IllegalArgumentException("Subcommand " + name + " " + sub.name() + " has subcommands of its own;"
            + " Discord allows a group, then subcommands, and no deeper.");
      }
    }
  }

  /**
   * A group of subcommands.
   *
   * @param name the group name
   * @param description what the user sees
   * @param subcommands the subcommands
   * @return the group
   */
  public static SubcommandGroup of(String name, String description, SlashCommand... subcommands) {
    return new SubcommandGroup(name, description, List.of(subcommands));
  }
}
