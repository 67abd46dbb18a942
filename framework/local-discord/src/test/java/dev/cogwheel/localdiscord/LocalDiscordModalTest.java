package dev.cogwheel.localdiscord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.modals.Modal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user filling in and submitting a modal the unmodified JDA client showed, what Discord would refuse, and the
 * bot's embedded answer as JDA reads it.
 */
class LocalDiscordModalTest {

  @RegisterExtension static final LogGuard logs = new LogGuard();

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static LocalDiscord discord;
  private static JDA jda;
  private static LocalChannel general;

  /** Shows a modal for /feedback and answers its submission with what was typed. */
  static final class ModalBot extends ListenerAdapter {
    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
      if (event.getName().equals("feedback")) {
        event.replyModal(Modal.create("feedback-form", "Feedback")
            .addComponents(
                Label.of("Your name", TextInput.create("name", TextInputStyle.SHORT).setMinLength(2).setMaxLength(20).build()),
                Label.of("Details", TextInput.create("details", TextInputStyle.PARAGRAPH).setRequired(false).build()))
            .build()).queue();
      } else {
        event.reply("no modal here").queue();
      }
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
      event.reply(event.getModalId() + " from " + event.getUser().getName() + ": " + event.getValue("name").getAsString()
          + " / '" + event.getValue("details").getAsString() + "'")
          .addEmbeds(new EmbedBuilder().setTitle("Thanks").addField("Name", event.getValue("name").getAsString(), false).build())
          .queue();
    }
  }

  @BeforeAll
  static void logIn() throws InterruptedException {
    discord = LocalDiscord.start(World.defaultWorld());
    jda = discord.configure(JDABuilder.createDefault(discord.token())).addEventListeners(new ModalBot()).build().awaitReady();
    jda.updateCommands().addCommands(Commands.slash("feedback", "Asks for feedback"), Commands.slash("plain", "Answers"))
        .complete();
    general = discord.guild().channel("general");
  }

  @AfterAll
  static void shutDown() throws InterruptedException {
    jda.shutdown();
    assertThat(jda.awaitShutdown(Duration.ofSeconds(5))).isTrue();
    discord.close();
  }

  @Test
  void aSubmittedModalReachesJdaWithTheTypedValues() {
    LocalUser bob = discord.user("bob");
    InteractionHandle feedback = bob.invoke(general, "/feedback");
    JsonNode modal = feedback.awaitModal(WAIT);
    assertThat(modal.path("title").asText()).isEqualTo("Feedback");
    assertThat(modal.path("components").get(0).path("label").asText()).isEqualTo("Your name");

    InteractionHandle submitted = bob.submitModal(feedback, Map.of("name", "Bob", "details", "Works well"));

    assertThat(submitted.payload().path("type").asInt()).isEqualTo(5);
    assertThat(submitted.description()).isEqualTo("modal Feedback");
    LocalMessage reply = submitted.awaitReply(WAIT);
    assertThat(reply.content()).isEqualTo("feedback-form from bob: Bob / 'Works well'");
    // Discord types a bot's embeds "rich"; JDA would log and drop one without a type (and the LogGuard fail).
    assertThat(reply.embeds()).singleElement().satisfies(e -> assertThat(e.path("type").asText()).isEqualTo("rich"));
    assertThatThrownBy(() -> bob.submitModal(feedback, Map.of("name", "Bob")))
        .isInstanceOf(InvalidInteractionException.class).hasMessage("The modal of /feedback was already submitted");
  }

  @Test
  void anOptionalInputLeftOutArrivesEmpty() {
    LocalUser carol = discord.user("carol");
    InteractionHandle feedback = carol.invoke(general, "/feedback");
    feedback.awaitModal(WAIT);

    assertThat(carol.submitModal(feedback, Map.of("name", "Carol")).awaitReply(WAIT).content())
        .isEqualTo("feedback-form from carol: Carol / ''");
  }

  @Test
  void submissionsDiscordWouldNotSendAreRefusedWithTheReason() {
    LocalUser alice = discord.user("alice");
    InteractionHandle feedback = alice.invoke(general, "/feedback");
    feedback.awaitModal(WAIT);

    assertThatThrownBy(() -> alice.submitModal(feedback, Map.of("details", "no name")))
        .isInstanceOf(InvalidInteractionException.class)
        .hasMessage("The text input Your name (name) of the modal Feedback is required");
    assertThatThrownBy(() -> alice.submitModal(feedback, Map.of("name", "x".repeat(21))))
        .hasMessage("The text input Your name of the modal Feedback must be at most 20 characters long, got 21");
    assertThatThrownBy(() -> alice.submitModal(feedback, Map.of("name", "x")))
        .hasMessage("The text input Your name of the modal Feedback must be at least 2 characters long, got 1");
    assertThatThrownBy(() -> alice.submitModal(feedback, Map.of("name", "Al", "colour", "red")))
        .hasMessage("The modal Feedback has no text input colour");
    assertThatThrownBy(() -> discord.user("bob").submitModal(feedback, Map.of("name", "Bob")))
        .hasMessage("bob was not shown a modal by that interaction");

    InteractionHandle plain = alice.invoke(general, "/plain");
    plain.awaitReply(WAIT);
    assertThatThrownBy(() -> alice.submitModal(plain, Map.of()))
        .hasMessage("The bot answered /plain without a modal (callback type 4)");
    assertThatThrownBy(() -> plain.awaitModal(WAIT)).isInstanceOf(LocalDiscordException.class)
        .hasMessage("The bot answered /plain with callback type 4, not a modal");
  }
}
