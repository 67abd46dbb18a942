package dev.cogwheel.localdiscord;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.VoiceChannel;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.MessageReceivedEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * A small bot written against plain JDA, as a cog would be: it registers commands and answers
 * them with replies, deferrals, ephemeral messages, buttons, channel creation and voice moves.
 * Every event it sees is queued for the tests to wait on.
 */
final class TestCog extends ListenerAdapter {

  final BlockingQueue<GenericEvent> events = new LinkedBlockingQueue<>();

  static void registerCommands(JDA jda) {
    jda.updateCommands().addCommands(
        Commands.slash("ping", "Answers pong"),
        Commands.slash("slow", "Defers, then answers"),
        Commands.slash("secret", "Answers only you"),
        Commands.slash("pay", "Pays someone")
            .addOption(OptionType.USER, "to", "Who gets the coins", true)
            .addOptions(new OptionData(OptionType.INTEGER, "amount", "How many", true).setMinValue(1).setMaxValue(1000)),
        Commands.slash("color", "Picks a colour")
            .addOptions(new OptionData(OptionType.STRING, "name", "The colour", true)
                .addChoice("Red", "red").addChoice("Green", "green")),
        Commands.slash("xp", "Experience")
            .addSubcommands(
                new SubcommandData("rank", "Your rank").addOption(OptionType.USER, "user", "Whose rank"),
                new SubcommandData("top", "The best")),
        Commands.slash("room", "Makes a private text channel")
            .addOption(OptionType.STRING, "name", "The channel's name", true),
        Commands.slash("move", "Moves a member to a voice channel")
            .addOption(OptionType.USER, "who", "Who", true)
            .addOptions(new OptionData(OptionType.CHANNEL, "to", "Where", true).setChannelTypes(ChannelType.VOICE)),
        Commands.slash("confirm", "Asks for a confirmation"),
        Commands.slash("say", "Repeats").addOption(OptionType.STRING, "text", "What to say", true))
        .complete();
  }

  @Override
  public void onGenericEvent(GenericEvent event) {
    events.add(event);
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    switch (event.getFullCommandName()) {
      case "ping" -> event.reply("pong").queue();
      case "slow" -> event.deferReply().queue(hook -> hook.sendMessage("done slowly").queue());
      case "secret" -> event.reply("only for " + event.getUser().getName()).setEphemeral(true).queue();
      case "pay" -> event.reply("paid " + event.getOption("to", OptionMapping::getAsUser).getName() + " "
          + event.getOption("amount", OptionMapping::getAsLong)).queue();
      case "color" -> event.reply("colour " + event.getOption("name", OptionMapping::getAsString)).queue();
      case "xp rank" -> {
        Member member = event.getOption("user", event.getMember(), OptionMapping::getAsMember);
        event.reply("rank of " + member.getEffectiveName()).queue();
      }
      case "xp top" -> event.reply("top: nobody").queue();
      case "room" -> {
        Guild guild = event.getGuild();
        TextChannel room = guild.createTextChannel(event.getOption("name", OptionMapping::getAsString))
            .addPermissionOverride(guild.getPublicRole(), null, java.util.EnumSet.of(Permission.VIEW_CHANNEL))
            .addMemberPermissionOverride(event.getUser().getIdLong(), java.util.EnumSet.of(Permission.VIEW_CHANNEL), null)
            .complete();
        event.reply("created " + room.getAsMention()).queue();
      }
      case "move" -> {
        Member who = event.getOption("who", OptionMapping::getAsMember);
        VoiceChannel to = event.getOption("to", OptionMapping::getAsChannel).asVoiceChannel();
        event.getGuild().moveVoiceMember(who, to).complete();
        event.reply("moved " + who.getEffectiveName() + " to " + to.getName()).queue();
      }
      case "confirm" -> event.reply("Are you sure?")
          .setComponents(ActionRow.of(Button.primary("confirm-yes", "Yes"), Button.secondary("confirm-no", "No")))
          .queue();
      case "say" -> event.reply(event.getOption("text", OptionMapping::getAsString)).queue();
      default -> event.reply("unknown").queue();
    }
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    event.editMessage(event.getComponentId().equals("confirm-yes") ? "Confirmed" : "Cancelled")
        .setComponents()
        .queue();
  }

  @Override
  public void onMessageReceived(MessageReceivedEvent event) {
    if (!event.getAuthor().isBot() && event.getMessage().getContentRaw().equals("!hello")) {
      event.getChannel().sendMessage("hello " + event.getAuthor().getName()).queue();
    }
  }
}
