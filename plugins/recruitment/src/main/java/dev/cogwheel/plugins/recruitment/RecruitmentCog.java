package dev.cogwheel.plugins.recruitment;

import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.command.ConfigCommands;
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
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;

/**
 * Recruitment. {@code /apply} opens a modal with the guild's questions; the submitted application is
 * stored and posted in the review channel with buttons, where the staff start a review, accept or
 * reject it. The applicant is told the outcome by direct message, and an accepted applicant gets the
 * configured role. Applications are rows and the buttons carry what they act on, so reviews go on
 * after a restart.
 */
public final class RecruitmentCog implements Cog {

  /** The questions of the application modal, separated by {@code |}. */
  static final ConfigKey<String> QUESTIONS = ConfigKey.builder("questions", ConfigType.STRING)
      .defaultValue("Why do you want to join us?|Tell us a little about yourself")
      .description("The application's questions, separated by |")
      .rule(new ConfigRule<>(Recruitment::validQuestions, "1 to " + Recruitment.QUESTION_LIMIT
          + " questions separated by |, each at most " + Recruitment.QUESTION_LENGTH + " characters"))
      .build();

  /** The channel applications are posted in for review; 0 keeps applications closed. */
  static final ConfigKey<Long> REVIEW_CHANNEL = id("review_channel", "channel",
      "The channel where the staff review applications (0: applications closed)");

  /** The role that reviews applications, besides members with Manage Server. */
  static final ConfigKey<Long> STAFF_ROLE = id("staff_role", "role", "The role that reviews applications, besides Manage Server (0: none)");

  /** The role an accepted applicant gets. */
  static final ConfigKey<Long> ACCEPTED_ROLE = id("accepted_role", "role", "The role an accepted applicant gets (0: none)");

  /** A setting that names a channel or role of the guild by id, 0 for none. */
  private static ConfigKey<Long> id(String name, String what, String description) {
    return ConfigKey.builder(name, ConfigType.LONG)
        .defaultValue(0L)
        .description(description)
        .rule(new ConfigRule<>(id -> id >= 0, "a " + what + " id, or 0 for none"))
        .build();
  }

  @Override
  public void start(PluginContext context) {
    context.storage().config().register(QUESTIONS, REVIEW_CHANNEL, STAFF_ROLE, ACCEPTED_ROLE);
    Recruitment recruitment = new Recruitment(context);

    context.commands().register(SlashCommand.builder("apply", "Applies to this server: answer its questions")
        .guildOnly()
        .handler(call -> {
          var interaction = call.interaction().orElseThrow(() -> new CommandException(
              "/apply works only through Discord, where it can show you the application form."));
          interaction.replyModal(recruitment.modal(interaction.getMember())).complete();
        })
        .build());
    context.commands().register(SlashCommand.builder("recruitment", "Recruitment administration")
        .group(ConfigCommands.group(context.storage().config()))
        .guildOnly()
        .defaultPermissions(Permission.MANAGE_SERVER)
        .build());

    context.events().subscribe(ModalInteractionEvent.class, event -> {
      if (!event.getModalId().equals(Recruitment.MODAL) || event.getMember() == null) {
        return;
      }
      event.deferReply(true).complete();
      String text;
      try {
        text = recruitment.submit(event.getMember(), event.getValues());
      } catch (CommandException e) {
        text = e.getMessage();
      }
      event.getHook().sendMessage(text).setEphemeral(true).complete();
    });
    context.events().subscribe(ButtonInteractionEvent.class, event -> {
      if (!event.getComponentId().startsWith(Recruitment.BUTTON) || event.getMember() == null) {
        return;
      }
      // Giving the role and telling the applicant can take longer than Discord's 3 seconds.
      event.deferEdit().complete();
      try {
        Recruitment.Decision decision = recruitment.decide(event.getMember(), event.getComponentId());
        event.getHook().editOriginalEmbeds(decision.embed()).setComponents(decision.buttons()).complete();
      } catch (CommandException e) {
        event.getHook().sendMessage(e.getMessage()).setEphemeral(true).complete();
      }
    });

    context.storage().userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return recruitment.export(pid);
      }

      @Override
      public int delete(Pid pid) {
        return recruitment.delete(pid);
      }
    });
  }
}
