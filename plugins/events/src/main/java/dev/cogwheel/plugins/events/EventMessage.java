package dev.cogwheel.plugins.events;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * What the event message shows: title, time, description and the answer counts, and its RSVP
 * buttons, whose custom ids are {@code events:rsvp:<guild>:<event>:<answer>}.
 */
final class EventMessage {

  /** The start of the custom id of every RSVP button. */
  static final String BUTTON = "events:rsvp:";

  private EventMessage() {
  }

  /** The message's text: a cancelled event's title is struck through. */
  static String text(Event event, Map<Answer, Long> counts) {
    long at = event.startsAt().getEpochSecond();
    String head = event.cancelled() ? "~~" + event.title() + "~~ (cancelled)" : event.title();
    return "**" + head + "** · <t:" + at + ":F> (<t:" + at + ":R>)"
        + (event.description().isEmpty() ? "" : "\n" + event.description())
        + "\n" + List.of(Answer.values()).stream().map(a -> a.label + ": " + counts.getOrDefault(a, 0L)).collect(Collectors.joining(" · "))
        + "\nEvent #" + event.number();
  }

  /** The Going, Maybe and Not going buttons. */
  static ActionRow buttons(Event event) {
    String prefix = BUTTON + event.guildId() + ":" + event.number() + ":";
    return ActionRow.of(Button.success(prefix + Answer.GOING, Answer.GOING.label), Button.secondary(prefix + Answer.MAYBE, Answer.MAYBE.label),
        Button.danger(prefix + Answer.NOT_GOING, Answer.NOT_GOING.label));
  }
}
