package dev.cogwheel.runtime.discord;

import dev.cogwheel.api.command.OptionChoice;
import dev.cogwheel.runtime.builtin.BuiltinCommands;
import dev.cogwheel.runtime.command.CommandInvocation;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.storage.StorableText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's one JDA listener: slash commands and autocomplete go to the command dispatcher, the
 * {@code /mydata forget} buttons to the host, a new guild to the initializer and the command sync,
 * and every event to the plugins that subscribed to its type. It never blocks JDA's event thread on a
 * plugin: dispatch hands the work to the plugin's own threads.
 */
final class DiscordListener implements EventListener {

  private static final Logger log = LoggerFactory.getLogger(DiscordListener.class);

  private final CogwheelPluginManager manager;
  private final Set<Long> owners;
  private final GuildInitializer guilds;
  private final CommandSync sync;
  private final BuiltinCommands builtins;

  DiscordListener(CogwheelPluginManager manager, Set<Long> owners, GuildInitializer guilds, CommandSync sync, BuiltinCommands builtins) {
    this.manager = manager;
    this.owners = owners;
    this.guilds = guilds;
    this.sync = sync;
    this.builtins = builtins;
  }

  @Override
  public void onEvent(GenericEvent event) {
    if (event instanceof ModalInteractionEvent modal && refusesItsText(modal)) {
      return;
    }
    try {
      route(event);
    } catch (RuntimeException e) {
      log.error("discord.event_failed event={}", event.getClass().getSimpleName(), e);
    }
    manager.events().publish(event);
  }

  /**
   * Answers a modal whose text fields hold a character that cannot be stored or shown, so no cog
   * acts on it: the member is told which field and what to remove.
   */
  private static boolean refusesItsText(ModalInteractionEvent modal) {
    for (ModalMapping field : modal.getValues()) {
      if (field.getType() != Component.Type.TEXT_INPUT) {
        continue;
      }
      Optional<String> problem = StorableText.problem(field.getAsString());
      if (problem.isPresent()) {
        modal.reply("The field " + field.getCustomId() + " contains " + problem.get() + ", which cannot be stored or"
            + " shown; remove it and send the form again.").setEphemeral(true)
            .queue(null, failure -> log.debug("modal.refusal_failed: {}", failure.toString()));
        log.info("modal.refused modal={} field={} reason=unstorable_text", modal.getModalId(), field.getCustomId());
        return true;
      }
    }
    return false;
  }

  private void route(GenericEvent event) {
    if (event instanceof SlashCommandInteractionEvent slash) {
      manager.commands().dispatch(invocation(slash), new JdaResponder(slash));
    } else if (event instanceof CommandAutoCompleteInteractionEvent auto) {
      CommandInvocation invocation = new CommandInvocation(auto.getName(), Optional.ofNullable(auto.getSubcommandGroup()),
          Optional.ofNullable(auto.getSubcommandName()), Map.of(), guildOf(auto.getGuild()), auto.getChannelIdLong(),
          auto.getUser().getIdLong(), owners.contains(auto.getUser().getIdLong()), Optional.empty());
      manager.commands().autocomplete(invocation, auto.getFocusedOption().getName(), auto.getFocusedOption().getValue())
          .thenAccept(choices -> auto.replyChoices(choices.stream().map(DiscordListener::choice).toList())
              .queue(null, failure -> log.debug("command.autocomplete_answer_failed: {}", failure.toString())));
    } else if (event instanceof ButtonInteractionEvent button && button.getComponentId().startsWith(BuiltinCommands.FORGET_BUTTON)) {
      long presser = button.getUser().getIdLong();
      button.deferEdit().queue();
      manager.commands().hostExecutor().execute(() -> {
        String text = builtins.confirmForget(button.getComponentId(), presser);
        button.getHook().editOriginal(text).setComponents(List.of()).queue();
      });
    } else if (event instanceof GuildJoinEvent join) {
      long guild = join.getGuild().getIdLong();
      manager.commands().hostExecutor().execute(() -> {
        guilds.initialise(guild);
        sync.sync(join.getGuild());
      });
    } else if (event instanceof GuildReadyEvent ready) {
      long guild = ready.getGuild().getIdLong();
      manager.commands().hostExecutor().execute(() -> guilds.initialise(guild));
    }
  }

  private CommandInvocation invocation(SlashCommandInteractionEvent event) {
    Map<String, Object> options = new LinkedHashMap<>();
    for (OptionMapping option : event.getOptions()) {
      options.put(option.getName(), switch (option.getType()) {
        case STRING -> option.getAsString();
        case INTEGER -> option.getAsLong();
        case NUMBER -> option.getAsDouble();
        case BOOLEAN -> option.getAsBoolean();
        default -> option.getAsLong();
      });
    }
    long user = event.getUser().getIdLong();
    return new CommandInvocation(event.getName(), Optional.ofNullable(event.getSubcommandGroup()),
        Optional.ofNullable(event.getSubcommandName()), options, guildOf(event.getGuild()), event.getChannelIdLong(), user,
        owners.contains(user), Optional.of(event));
  }

  private static OptionalLong guildOf(net.dv8tion.jda.api.entities.Guild guild) {
    return guild == null ? OptionalLong.empty() : OptionalLong.of(guild.getIdLong());
  }

  private static Command.Choice choice(OptionChoice choice) {
    if (choice.value() instanceof Long number) {
      return new Command.Choice(choice.name(), number);
    }
    if (choice.value() instanceof Double number) {
      return new Command.Choice(choice.name(), number);
    }
    return new Command.Choice(choice.name(), (String) choice.value());
  }
}
