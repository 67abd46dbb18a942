package dev.cogwheel.plugins.recruitment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cogwheel.localdiscord.InteractionHandle;
import dev.cogwheel.localdiscord.LocalChannel;
import dev.cogwheel.localdiscord.LocalDiscord;
import dev.cogwheel.localdiscord.LocalGuild;
import dev.cogwheel.localdiscord.LocalMessage;
import dev.cogwheel.localdiscord.LocalUser;
import dev.cogwheel.localdiscord.World;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.TestHost;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Recruitment through the real JDA client and the local Discord, with a restart during a review. */
class RecruitmentDiscordTest {

  static final World WORLD = World.builder()
      .users("alice", "bob", "carol", "dave", "erin")
      .guild("Guild of Gears", g -> g.owner("alice")
          .role("Admin", World.Permissions.ADMINISTRATOR)
          .role("Recruiter", World.Permissions.DEFAULT_EVERYONE)
          .role("Recruit", World.Permissions.DEFAULT_EVERYONE)
          .role("Member", World.Permissions.DEFAULT_EVERYONE)
          .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
          .textChannel("general")
          .textChannel("applications")
          .member("alice", "Admin").member("bob", "Member").member("carol", "Recruiter").member("dave", "Member")
          .member("erin", "Member"))
      .guild("Annex", g -> g.owner("alice")
          .botRole("Cogwheel", World.Permissions.ADMINISTRATOR)
          .textChannel("lobby")
          .member("alice").member("dave"))
      .build();

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule().withLocalDiscord(WORLD);

  static final Duration WAIT = Duration.ofSeconds(30);

  @BeforeAll
  static void anAdminOpensApplications() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalUser alice = discord.user("alice");
    set(alice, general, "review_channel", "<#" + guild.channel("applications").id() + ">");
    set(alice, general, "staff_role", "<@&" + guild.role("Recruiter").id() + ">");
    set(alice, general, "accepted_role", "<@&" + guild.role("Recruit").id() + ">");
    assertThat(set(alice, general, "questions", "Why us?|Your timezone?|Favourite gear?"))
        .isEqualTo("questions is now `Why us?|Your timezone?|Favourite gear?` in this server"
            + " (was `Why do you want to join us?|Tell us a little about yourself`).");
  }

  @Test
  void anApplicationIsReviewedAcrossARestartAcceptedAndTheApplicantGetsTheRoleAndADm() {
    TestHost host = cogwheel.host();
    LocalDiscord discord = host.discord();
    LocalGuild guild = discord.guild();
    LocalChannel general = guild.channel("general");
    LocalChannel applications = guild.channel("applications");
    LocalUser bob = discord.user("bob");
    LocalUser carol = discord.user("carol");

    InteractionHandle apply = bob.invoke(general, "/apply");
    JsonNode modal = apply.awaitModal(WAIT);
    assertThat(modal.path("title").asText()).isEqualTo("Apply to Guild of Gears");
    assertThat(modal.path("components")).extracting(c -> c.path("label").asText())
        .containsExactly("Why us?", "Your timezone?", "Favourite gear?");
    LocalMessage thanks = bob.submitModal(apply, Map.of("q1", "I like gears", "q2", "UTC", "q3", "The spur gear"))
        .awaitReply(WAIT);
    assertThat(thanks.isEphemeral()).isTrue();
    assertThat(thanks.content()).matches("Thank you! Your application #\\d+ is submitted; you will hear the outcome by"
        + " direct message\\.");
    long number = Long.parseLong(thanks.content().replaceAll("\\D+", " ").strip().split(" ")[0]);

    LocalMessage review = discord.awaitMessage(applications, m -> m.fromBot() && m.text().contains(bob.mention()), WAIT);
    assertThat(review.text()).contains("Application #" + number, "From " + bob.mention(), "Why us?\nI like gears",
        "Favourite gear?\nThe spur gear", "Review\nSubmitted");
    assertThat(review.buttons()).extracting(LocalMessage.Button::label).containsExactly("Start review", "Accept", "Reject");
    assertThat(bob.invoke(general, "/apply").awaitReply(WAIT).content())
        .isEqualTo("Your application #" + number + " is submitted; you can apply again once it is decided.");
    assertThat(discord.user("dave").press(review, "Accept").awaitFollowUps(1, WAIT).get(0).content())
        .isEqualTo("Only the staff can review applications.");

    LocalMessage underReview = carol.press(review, "Start review").awaitReply(WAIT);
    assertThat(underReview.text()).contains("Review\nUnder review by carol");
    assertThat(underReview.embeds().get(0).path("footer").path("text").asText()).isEqualTo("Status: under review");
    assertThat(underReview.buttons()).extracting(LocalMessage.Button::label).containsExactly("Accept", "Reject");

    host.restart();

    LocalMessage accepted = carol.press(underReview, "Accept").awaitReply(WAIT);
    assertThat(accepted.text()).contains("Review\nAccepted by carol; given Recruit");
    assertThat(accepted.buttons()).isEmpty();
    String recruit = guild.role("Recruit").id();
    discord.awaitMember(guild, "bob", m -> m.roleIds().contains(recruit), WAIT);
    LocalMessage dm = discord.awaitMessage(bob.directChannel(), LocalMessage::fromBot, WAIT);
    assertThat(dm.content()).isEqualTo("Your application to Guild of Gears was accepted. Welcome!");

    long guildId = Long.parseLong(guild.id());
    Recruitment.Application row = host.storage().table("recruitment_applications", Recruitment.Application.class)
        .find(Key.of(guildId, number)).orElseThrow();
    assertThat(row.status()).isEqualTo(Recruitment.Status.ACCEPTED);
    assertThat(row.pid()).isEqualTo(host.pid(guildId, Long.parseLong(bob.id())));
    assertThat(row.reviewer()).isEqualTo(host.pid(guildId, Long.parseLong(carol.id())));
    assertThat(row.decidedAt()).isNotNull();
    assertThat(bob.invoke(general, "/apply").awaitModal(WAIT).path("custom_id").asText()).isEqualTo("recruitment:apply");
  }

  @Test
  void aRejectedApplicantIsToldAndGetsNoRole() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    LocalUser erin = discord.user("erin");

    InteractionHandle apply = erin.invoke(guild.channel("general"), "/apply");
    Map<String, String> answers = new HashMap<>();
    apply.awaitModal(WAIT).path("components").forEach(c -> answers.put(c.path("component").path("custom_id").asText(), "x"));
    assertThat(erin.submitModal(apply, answers).awaitReply(WAIT).content()).startsWith("Thank you! Your application #");
    LocalMessage review = discord.awaitMessage(guild.channel("applications"),
        m -> m.fromBot() && m.text().contains(erin.mention()), WAIT);

    LocalMessage rejected = discord.user("alice").press(review, "Reject").awaitReply(WAIT);

    assertThat(rejected.text()).contains("Review\nRejected by alice");
    assertThat(rejected.buttons()).isEmpty();
    LocalMessage dm = discord.awaitMessage(erin.directChannel(), LocalMessage::fromBot, WAIT);
    assertThat(dm.content()).isEqualTo("Your application to Guild of Gears was not accepted this time. Thank you for applying.");
    assertThat(discord.guild().member("erin").roleIds()).doesNotContain(guild.role("Recruit").id());
  }

  @Test
  void withoutAReviewChannelApplicationsAreClosed() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalMessage refused = discord.user("dave").invoke(discord.guild("Annex").channel("lobby"), "/apply").awaitReply(WAIT);

    assertThat(refused.isEphemeral()).isTrue();
    assertThat(refused.content()).isEqualTo("Applications are not open in this server yet: an admin must first choose the"
        + " channel where the staff review them, with /recruitment config set key:review_channel value:#channel.");
  }

  private static String set(LocalUser admin, LocalChannel channel, String key, String value) {
    return admin.invoke(channel, "recruitment config set", Map.of("key", key, "value", value)).awaitReply(WAIT).content();
  }

  @Test
  void anAnswerWithANulCharacterIsRefusedAndNoApplicationIsPostedOrStored() {
    LocalDiscord discord = cogwheel.host().discord();
    LocalGuild guild = discord.guild();
    LocalUser dave = discord.user("dave");

    InteractionHandle apply = dave.invoke(guild.channel("general"), "/apply");
    Map<String, String> answers = new HashMap<>();
    apply.awaitModal(WAIT).path("components").forEach(c -> answers.put(c.path("component").path("custom_id").asText(), "fine"));
    answers.put("q2", "UTC\u0000");
    LocalMessage refused = dave.submitModal(apply, answers).awaitReply(WAIT);

    assertThat(refused.isEphemeral()).isTrue();
    assertThat(refused.content()).isEqualTo("The field q2 contains the NUL character (U+0000) at position 4, which cannot be"
        + " stored or shown; remove it and send the form again.");
    assertThat(discord.messages(guild.channel("applications"))).noneMatch(m -> m.text().contains(dave.mention()));
    assertThat(dave.invoke(guild.channel("general"), "/apply").awaitModal(WAIT).path("custom_id").asText())
        .isEqualTo("recruitment:apply");
  }
}
