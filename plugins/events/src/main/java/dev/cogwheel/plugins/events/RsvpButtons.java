package dev.cogwheel.plugins.events;

import dev.cogwheel.storage.PidDeriver;
import java.time.Instant;
import java.util.Optional;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * Presses of the RSVP buttons: the member's answer is stored by Pid and the counts on the event
 * message are updated; a button of a cancelled, started or unknown event says so. Buttons of other
 * plugins are ignored.
 */
final class RsvpButtons {

  private final PidDeriver pids;
  private final EventStore store;

  RsvpButtons(PidDeriver pids, EventStore store) {
    this.pids = pids;
    this.store = store;
  }

  void pressed(ButtonInteractionEvent press) {
    if (!press.getComponentId().startsWith(EventMessage.BUTTON) || press.getGuild() == null) {
      return;
    }
    String[] parts = press.getComponentId().substring(EventMessage.BUTTON.length()).split(":");
    long guildId = press.getGuild().getIdLong();
    Optional<Event> found = Long.parseLong(parts[0]) == guildId ? store.find(guildId, Long.parseLong(parts[1])) : Optional.empty();
    if (found.isEmpty() || found.get().cancelled() || !found.get().startsAt().isAfter(Instant.now())) {
      String why = found.isEmpty() ? "no longer exists" : found.get().cancelled() ? "was cancelled" : "has already started";
      press.reply("This event " + why + ".").setEphemeral(true).complete();
      return;
    }
    Event event = found.get();
    Answer answer = Answer.valueOf(parts[2]);
    store.answer(new Rsvp(guildId, event.number(), pids.member(guildId, press.getUser().getIdLong()), answer, Instant.now()));
    press.editMessage(EventMessage.text(event, store.counts(event))).complete();
    press.getHook().sendMessage("You answered " + answer.label + " for **" + event.title() + "**.").setEphemeral(true).queue();
  }
}
