package dev.cogwheel.plugins.recruitment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testkit.CogwheelExtension;
import dev.cogwheel.testkit.CommandOutcome;
import dev.cogwheel.testkit.CommandReply;
import dev.cogwheel.testkit.TestHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecruitmentCogTest {

  @RegisterExtension
  static final CogwheelExtension cogwheel = CogwheelExtension.forThisModule();

  static final long GUILD = 3_000_000_000_000_000_001L;
  static final long ALICE = 2_000_000_000_000_000_001L;
  static final long BOB = 2_000_000_000_000_000_002L;

  private static CommandReply set(String key, String value) {
    return cogwheel.host().command("recruitment").group("config").subcommand("set").in(GUILD, TestHost.CHANNEL)
        .option("key", key).option("value", value).run();
  }

  @Test
  void questionsMustBeOneToFiveOfAtMost45Characters() {
    String rule = "1 to 5 questions separated by |, each at most 45 characters";
    CommandReply six = set("questions", "a|b|c|d|e|f");
    assertThat(six.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(six.text()).isEqualTo("Config key 'questions' must be " + rule + "; got a|b|c|d|e|f.");
    assertThat(set("questions", "Fine|" + "x".repeat(46)).text()).startsWith("Config key 'questions' must be " + rule);
    assertThat(set("questions", " | ").text()).startsWith("Config key 'questions' must be " + rule);
    assertThat(cogwheel.host().storage().config().find(RecruitmentCog.QUESTIONS, ConfigScope.guild(GUILD))).isEmpty();

    assertThat(set("questions", "One?|Two?|Three?|Four?|" + "y".repeat(45)).outcome()).isEqualTo(CommandOutcome.SUCCEEDED);
    assertThat(Recruitment.questions(cogwheel.host().storage().config().get(RecruitmentCog.QUESTIONS, ConfigScope.guild(GUILD))))
        .containsExactly("One?", "Two?", "Three?", "Four?", "y".repeat(45));
  }

  @Test
  void channelAndRoleSettingsRefuseNegativeIds() {
    assertThat(set("review_channel", "-1").text()).isEqualTo("Config key 'review_channel' must be a channel id, or 0 for none; got -1.");
    assertThat(set("accepted_role", "abc").outcome()).isEqualTo(CommandOutcome.REFUSED);
  }

  @Test
  void applyingOutsideDiscordSaysWhatItNeeds() {
    CommandReply reply = cogwheel.host().command("apply").in(GUILD, TestHost.CHANNEL).run();

    assertThat(reply.outcome()).isEqualTo(CommandOutcome.REFUSED);
    assertThat(reply.text()).isEqualTo("/apply works only through Discord, where it can show you the application form.");
  }

  @Test
  void exportShowsAnApplicantsApplicationsAndForgetRemovesThem() {
    TestHost host = cogwheel.host();
    Pid alice = host.pid(GUILD, ALICE);
    Pid bob = host.pid(GUILD, BOB);
    Table<Recruitment.Application> applications = host.storage().table("recruitment_applications", Recruitment.Application.class);
    Table<Recruitment.Answer> answers = host.storage().table("recruitment_answers", Recruitment.Answer.class);
    Instant now = Instant.parse("2026-01-02T03:04:05Z");
    applications.insert(new Recruitment.Application(GUILD, 1, bob, Recruitment.Status.ACCEPTED, now, alice, now));
    applications.insert(new Recruitment.Application(GUILD, 2, alice, Recruitment.Status.SUBMITTED, now, null, null));
    answers.insert(new Recruitment.Answer(GUILD, 1, 1, "Why us?", "Gears"));
    answers.insert(new Recruitment.Answer(GUILD, 2, 1, "Why us?", "Cogs"));

    List<UserDataRecord> export = host.storage().userData().export(bob).records();
    assertThat(export).extracting(UserDataRecord::source).containsExactly("recruitment_applications", "recruitment_answers");
    assertThat(export.get(0).fields()).containsEntry("status", "accepted").containsEntry("number", "1");
    assertThat(export.get(1).fields()).containsEntry("answer", "Gears");
    assertThat(host.storage().userData().export(alice).records()).extracting(r -> r.fields().get("reviewed_as"))
        .contains("accepted");

    host.storage().userData().delete(alice);

    assertThat(applications.find(Key.of(GUILD, 2L))).isEmpty();
    assertThat(answers.query(Query.where("guild_id", GUILD))).extracting(Recruitment.Answer::answer).containsExactly("Gears");
    assertThat(applications.find(Key.of(GUILD, 1L))).hasValueSatisfying(a -> assertThat(a.reviewer()).isNull());
  }
}
