package dev.cogwheel.plugins.moderation;

import java.util.Locale;

/** What a case records, with the words the cog's messages use for it. */
enum Action {
  WARN("warned", "warn"), TIMEOUT("timed out", "time out"), KICK("kicked", "kick"), TEMPBAN("banned", "ban");

  /** As in "You were timed out". */
  final String done;
  /** As in "You cannot time out yourself". */
  final String verb;

  Action(String done, String verb) {
    this.done = done;
    this.verb = verb;
  }

  /** As in "**#3** timeout 10m". */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
