package dev.cogwheel.plugins.tickets;

import dev.cogwheel.api.command.CommandContext;
import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.CommandOption;
import dev.cogwheel.api.command.ConfigCommands;
import dev.cogwheel.api.command.OptionType;
import dev.cogwheel.api.command.SlashCommand;
import dev.cogwheel.api.plugin.Cog;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.SlashCommandInteraction;

/**
 * Support tickets. A member opens one with {@code /ticket open} or the button of a panel an admin
 * posted with {@code /tickets panel}: a private channel for the member and the staff role. Closing
 * it ({@code /ticket close} or the channel's button) keeps its transcript in the cog's tables and
 * deletes the channel; staff read it with {@code /tickets transcript}. Open tickets are rows, so
 * they survive restarts.
 */
public final class TicketsCog implements Cog {

  /** The role that sees and answers tickets; 0 for none (only the member and admins see them). */
  static final ConfigKey<Long> STAFF_ROLE = id("staff_role", "role", "The role that sees and answers tickets (0: none)");

  /** The category ticket channels are created in; 0 for none. */
  static final ConfigKey<Long> CATEGORY = id("category", "category", "The category new ticket channels go in (0: none)");

  /** How many tickets a member may have open at once. */
  static final ConfigKey<Integer> LIMIT = ConfigKey.builder("limit", ConfigType.INTEGER)
      .defaultValue(1)
      .description("How many open tickets a member may have at once")
      .rule(ConfigRule.between(1, 10))
      .build();

  /** A setting that names a role or category of the guild by id, 0 for none. */
  private static ConfigKey<Long> id(String name, String what, String description) {
    return ConfigKey.builder(name, ConfigType.LONG)
        .defaultValue(0L)
        .description(description)
        .rule(new ConfigRule<>(id -> id >= 0, "a " + what + " id, or 0 for none"))
        .build();
  }

  @Override
  public void start(PluginContext context) {
    context.storage().config().register(STAFF_ROLE, CATEGORY, LIMIT);
    Tickets tickets = new Tickets(context);

    CommandOption topic = CommandOption.builder("topic", OptionType.STRING, "What the ticket is about").max(200).build();
    CommandOption reason = CommandOption.builder("reason", OptionType.STRING, "Why it is closed").max(200).build();
    context.commands().register(SlashCommand.builder("ticket", "Support tickets")
        .subcommand(SlashCommand.builder("open", "Opens a private ticket channel with the staff")
            .option(topic)
            .handler(call -> answer(call, () -> tickets.open(jda(call).getMember(), call.findString("topic"))))
            .build())
        .subcommand(SlashCommand.builder("close", "Closes this ticket and keeps its transcript")
            .option(reason)
            .handler(call -> {
              // Answered through the interaction and waited for: the answer must arrive before the channel goes.
              SlashCommandInteraction interaction = jda(call);
              interaction.deferReply(true).complete();
              tickets.close(interaction.getMember(), ticketChannel(interaction), call.findString("reason"),
                  privately(interaction.getHook()));
            })
            .build())
        .guildOnly()
        .build());

    context.commands().register(SlashCommand.builder("tickets", "Ticket administration")
        .subcommand(SlashCommand.builder("panel", "Posts a message with a button that opens a ticket")
            .option(CommandOption.builder("text", OptionType.STRING, "The panel's text").max(1000))
            .handler(call -> {
              jda(call).getChannel().asGuildMessageChannel()
                  .sendMessage(call.findString("text").orElse("Need help? Press the button to open a private ticket with the staff."))
                  .setComponents(ActionRow.of(Button.primary(Tickets.OPEN_BUTTON, "Open a ticket")))
                  .complete();
              call.replyEphemeral("The ticket panel is posted.");
            })
            .build())
        .subcommand(SlashCommand.builder("transcript", "Shows the transcript of a closed ticket")
            .option(CommandOption.builder("number", OptionType.INTEGER, "The ticket's number").required().min(1))
            .handler(call -> answer(call, () -> tickets.transcript(jda(call).getGuild(), call.integer("number"))))
            .build())
        .group(ConfigCommands.group(context.storage().config()))
        .guildOnly()
        .defaultPermissions(Permission.MANAGE_SERVER)
        .build());

    context.events().subscribe(ButtonInteractionEvent.class, event -> {
      String id = event.getComponentId();
      if (!id.equals(Tickets.OPEN_BUTTON) && !id.equals(Tickets.CLOSE_BUTTON) || event.getMember() == null) {
        return;
      }
      event.deferReply(true).complete();
      Consumer<String> answer = privately(event.getHook());
      try {
        if (id.equals(Tickets.OPEN_BUTTON)) {
          answer.accept(tickets.open(event.getMember(), Optional.empty()));
        } else {
          tickets.close(event.getMember(), event.getChannel().asTextChannel(), Optional.empty(), answer);
        }
      } catch (CommandException e) {
        answer.accept(e.getMessage());
      } catch (RuntimeException e) {
        context.logger().warn("tickets.button_failed button={} error={}", id, e.getClass().getSimpleName(), e);
        answer.accept("The ticket could not be handled; please try again, or ask the staff.");
      }
    });

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return tickets.export(pid);
      }

      @Override
      public int delete(Pid pid) {
        return tickets.delete(pid);
      }
    });
  }

  /** Defers (creating or reading channels takes more than Discord's 3 seconds at times), then answers privately. */
  private static void answer(CommandContext call, Supplier<String> work) {
    call.defer(true);
    call.followUp(work.get());
  }

  private static Consumer<String> privately(InteractionHook hook) {
    return text -> hook.sendMessage(text).setEphemeral(true).complete();
  }

  private static SlashCommandInteraction jda(CommandContext call) {
    return call.interaction().orElseThrow(() -> new CommandException("/" + call.commandPath()
        + " works only through Discord, where it has a server, a member and a channel to act on."));
  }

  private static TextChannel ticketChannel(SlashCommandInteraction interaction) {
    if (!(interaction.getChannel() instanceof TextChannel channel)) {
      throw new CommandException("This channel is not an open ticket: use /ticket close in the channel of the ticket"
          + " you want to close.");
    }
    return channel;
  }
}
