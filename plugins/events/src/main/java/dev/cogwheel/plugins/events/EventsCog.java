package dev.cogwheel.plugins.events;

import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * Events: {@code /event create} posts an event message with RSVP buttons (going, maybe, not
 * going) that keeps the counts up to date; answers are kept per member by Pid. Before the start
 * (the guild's {@code reminder_before}) a durable timer posts a reminder in the event's channel that
 * mentions everyone going, also after a restart. {@code /event list} and {@code /event cancel}. This
 * class wires the parts together; docs/plugins/events.md describes the cog for admins.
 */
public final class EventsCog implements Cog {

  @Override
  public void start(PluginContext context) {
    EventsSettings settings = new EventsSettings(context.storage().config());
    settings.register();
    EventStore store = new EventStore(context.storage());
    Reminders reminders = new Reminders(context, settings, store);

    context.commands().register(new EventCommands(context.logger(), settings, store, reminders).command());
    context.commands().register(ConfigCommands.command("events", "Event settings of this server", context.storage().config()));
    context.events().subscribe(ButtonInteractionEvent.class, new RsvpButtons(context.pids(), store)::pressed);
    context.storage().userData().register(new EventsUserData(store));
  }
}
