package dev.cogwheel.plugins.recruitment;

import dev.cogwheel.api.command.CommandException;
import dev.cogwheel.api.discord.Members;
import dev.cogwheel.api.plugin.PluginContext;
import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

/**
 * What recruitment does, on JDA's objects: the application modal, storing a submitted application
 * and posting it for review, and the staff's decisions (review, accept, reject) with the applicant
 * told by direct message. Decisions are serialised, so two reviewers pressing at once cannot both
 * decide one application. Thread-safe.
 */
final class Recruitment {

  /** Custom id of the application modal. */
  static final String MODAL = "recruitment:apply";
  /** Prefix of the review buttons: {@code recruitment:<action>:<number>:<applicant user id>}. */
  static final String BUTTON = "recruitment:";
  /** The longest answer; an embed field holds 1,024 characters. */
  static final int ANSWER_LIMIT = 1000;
  /** The most questions: Discord shows at most 5 text inputs in a modal. */
  static final int QUESTION_LIMIT = 5;
  /** The longest question: a modal label holds 45 characters. */
  static final int QUESTION_LENGTH = 45;

  /** Where an application is in its workflow. */
  enum Status {
    SUBMITTED("submitted"), UNDER_REVIEW("under review"), ACCEPTED("accepted"), REJECTED("rejected");

    final String text;

    Status(String text) {
      this.text = text;
    }

    boolean decided() {
      return this == ACCEPTED || this == REJECTED;
    }
  }

  /** A row of recruitment_applications. */
  record Application(long guildId, long number, Pid pid, Status status, Instant submittedAt, Pid reviewer, Instant decidedAt) {
    Application with(Status next, Pid by) {
      return new Application(guildId, number, pid, next, submittedAt, by, next.decided() ? Instant.now() : null);
    }
  }

  /** A row of recruitment_answers: one question of an application, as it was asked, and its answer. */
  record Answer(long guildId, long number, int seq, String question, String answer) {}

  /** A row of recruitment_counters. */
  record Counter(long guildId, long last) {}

  private final PluginContext context;
  private final Table<Application> applications;
  private final Table<Answer> answers;
  private final Table<Counter> counters;

  Recruitment(PluginContext context) {
    this.context = context;
    this.applications = context.storage().table("recruitment_applications", Application.class);
    this.answers = context.storage().table("recruitment_answers", Answer.class);
    this.counters = context.storage().table("recruitment_counters", Counter.class);
  }

  /** The questions of a {@code questions} setting: split at {@code |}, trimmed, empty ones dropped. */
  static List<String> questions(String setting) {
    return Arrays.stream(setting.split("\\|")).map(String::strip).filter(q -> !q.isEmpty()).toList();
  }

  /** Whether a {@code questions} setting has 1 to 5 questions of at most 45 characters. */
  static boolean validQuestions(String setting) {
    List<String> questions = questions(setting);
    return !questions.isEmpty() && questions.size() <= QUESTION_LIMIT
        && questions.stream().allMatch(q -> q.length() <= QUESTION_LENGTH);
  }

  /**
   * The modal a member fills in to apply.
   *
   * @throws CommandException when applications are closed in the guild or the member has one pending
   */
  Modal modal(Member member) {
    reviewChannel(member.getGuild());
    Pid pid = Members.pid(member, context.pids());
    Optional<Application> pending = pending(member.getGuild().getIdLong(), pid);
    if (pending.isPresent()) {
      throw new CommandException("Your application #" + pending.get().number() + " is " + pending.get().status().text
          + "; you can apply again once it is decided.");
    }
    List<String> questions = questions(member.getGuild());
    Modal.Builder modal = Modal.create(MODAL, "Apply to " + shorten(member.getGuild().getName(), 36));
    for (int i = 0; i < questions.size(); i++) {
      modal.addComponents(Label.of(questions.get(i), TextInput.create("q" + (i + 1), TextInputStyle.PARAGRAPH)
          .setRequired(true).setMaxLength(ANSWER_LIMIT).build()));
    }
    return modal.build();
  }

  /**
   * Stores a submitted application and posts it in the review channel with the review buttons.
   *
   * @return what to tell the applicant
   * @throws CommandException when it cannot be accepted (closed, pending, questions changed meanwhile)
   */
  synchronized String submit(Member member, List<ModalMapping> values) {
    Guild guild = member.getGuild();
    long guildId = guild.getIdLong();
    TextChannel review = reviewChannel(guild);
    Pid pid = Members.pid(member, context.pids());
    if (pending(guildId, pid).isPresent()) {
      throw new CommandException("You already have an application waiting for a decision.");
    }
    List<String> questions = questions(guild);
    List<String> given = new ArrayList<>();
    for (int i = 1; i <= questions.size(); i++) {
      String id = "q" + i;
      given.add(values.stream().filter(v -> v.getCustomId().equals(id)).findFirst().map(ModalMapping::getAsString).orElse(null));
    }
    if (given.contains(null) || values.size() != questions.size()) {
      throw new CommandException("The questions changed while you answered them; please use /apply again.");
    }
    long number = counters.increment(Key.of(guildId), "last", 1);
    Application application = new Application(guildId, number, pid, Status.SUBMITTED, Instant.now(), null, null);
    List<Answer> rows = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      rows.add(new Answer(guildId, number, i + 1, questions.get(i), given.get(i).strip()));
    }
    context.storage().useTransaction(tx -> {
      tx.table("recruitment_applications", Application.class).insert(application);
      Table<Answer> txAnswers = tx.table("recruitment_answers", Answer.class);
      rows.forEach(txAnswers::insert);
    });
    review.sendMessageEmbeds(embed(application, rows, member.getUser(), "Submitted"))
        .setComponents(buttons(application, member.getIdLong()))
        .complete();
    context.logger().info("recruitment.submitted number={}", number);
    return "Thank you! Your application #" + number + " is submitted; you will hear the outcome by direct message.";
  }

  /** A decision a reviewer made with a button, and what the review message shows afterwards. */
  record Decision(MessageEmbed embed, List<ActionRow> buttons) {}

  /**
   * Moves an application on: {@code review} (submitted to under review), {@code accept} or
   * {@code reject} (to the decision: the applicant is told by DM, and an accepted one gets the role).
   *
   * @param reviewer the member who pressed the button
   * @param customId the button's custom id
   * @return the review message as it should look now
   * @throws CommandException when the member is no reviewer or the application cannot move so
   */
  synchronized Decision decide(Member reviewer, String customId) {
    String[] parts = customId.split(":");
    if (parts.length != 4) {
      throw new CommandException("This button is not one of recruitment's review buttons.");
    }
    String action = parts[1];
    long number = Long.parseLong(parts[2]);
    long applicantId = Long.parseLong(parts[3]);
    Guild guild = reviewer.getGuild();
    if (!isReviewer(reviewer)) {
      throw new CommandException("Only the staff can review applications.");
    }
    Application application = applications.find(Key.of(guild.getIdLong(), number))
        .orElseThrow(() -> new CommandException("Application #" + number + " no longer exists (its applicant had it"
            + " deleted)."));
    Status next = switch (action) {
      case "review" -> Status.UNDER_REVIEW;
      case "accept" -> Status.ACCEPTED;
      case "reject" -> Status.REJECTED;
      default -> throw new CommandException("This button is not one of recruitment's review buttons.");
    };
    if (application.status().decided() || application.status() == next) {
      throw new CommandException("Application #" + number + " is already " + application.status().text + ".");
    }
    Pid by = Members.pid(reviewer, context.pids());
    Application moved = application.with(next, by);
    applications.update(moved);
    context.logger().info("recruitment.{} number={}", next.name().toLowerCase(Locale.ROOT), number);
    List<String> notes = new ArrayList<>();
    notes.add(capitalised(next.text) + " by " + reviewer.getEffectiveName());
    if (next == Status.ACCEPTED) {
      giveRole(guild, applicantId).ifPresent(notes::add);
    }
    if (next.decided()) {
      tell(guild, applicantId, next).ifPresent(notes::add);
    }
    List<Answer> rows = answers.query(Query.where("guild_id", guild.getIdLong()).and("number", number).orderBy("seq"));
    User applicant = guild.getJDA().getUserById(applicantId);
    return new Decision(embed(moved, rows, applicant, String.join("; ", notes)),
        next.decided() ? List.of() : buttons(moved, applicantId));
  }

  /** What {@code /mydata export} shows of a Pid. */
  List<UserDataRecord> export(Pid pid) {
    List<UserDataRecord> records = new ArrayList<>();
    for (Application application : applications.query(Query.where("pid", pid).orderBy("guild_id").orderBy("number"))) {
      records.add(new UserDataRecord("recruitment_applications", Map.of("guild_id", Long.toString(application.guildId()),
          "number", Long.toString(application.number()), "status", application.status().text,
          "submitted_at", application.submittedAt().toString())));
      for (Answer answer : answers.query(Query.where("guild_id", application.guildId()).and("number", application.number())
          .orderBy("seq"))) {
        records.add(new UserDataRecord("recruitment_answers", Map.of("guild_id", Long.toString(answer.guildId()),
            "number", Long.toString(answer.number()), "question", answer.question(), "answer", answer.answer())));
      }
    }
    for (Application reviewed : applications.query(Query.where("reviewer", pid))) {
      records.add(new UserDataRecord("recruitment_applications", Map.of("guild_id", Long.toString(reviewed.guildId()),
          "number", Long.toString(reviewed.number()), "reviewed_as", reviewed.status().text)));
    }
    return records;
  }

  /** What {@code /mydata forget} removes: a Pid's applications with their answers, and its name as a reviewer. */
  int delete(Pid pid) {
    return context.storage().withTransaction(tx -> {
      Table<Application> txApplications = tx.table("recruitment_applications", Application.class);
      Table<Answer> txAnswers = tx.table("recruitment_answers", Answer.class);
      int removed = 0;
      for (Application application : txApplications.query(Query.where("pid", pid))) {
        removed += txAnswers.deleteWhere(Query.where("guild_id", application.guildId()).and("number", application.number()));
      }
      removed += txApplications.deleteWhere(Query.where("pid", pid));
      for (Application reviewed : txApplications.query(Query.where("reviewer", pid))) {
        txApplications.update(new Application(reviewed.guildId(), reviewed.number(), reviewed.pid(), reviewed.status(),
            reviewed.submittedAt(), null, reviewed.decidedAt()));
        removed++;
      }
      return removed;
    });
  }

  private Optional<Application> pending(long guildId, Pid pid) {
    return applications.query(Query.where("guild_id", guildId).and("pid", pid)
        .and("status", Operator.IN, List.of(Status.SUBMITTED, Status.UNDER_REVIEW))).stream().findFirst();
  }

  private List<String> questions(Guild guild) {
    return questions(context.storage().config().get(RecruitmentCog.QUESTIONS, ConfigScope.guild(guild.getIdLong())));
  }

  private TextChannel reviewChannel(Guild guild) {
    long id = context.storage().config().get(RecruitmentCog.REVIEW_CHANNEL, ConfigScope.guild(guild.getIdLong()));
    if (id == 0) {
      throw new CommandException("Applications are not open in this server yet: an admin must first choose the channel"
          + " where the staff review them, with /recruitment config set key:review_channel value:#channel.");
    }
    TextChannel channel = guild.getTextChannelById(id);
    if (channel == null) {
      throw new CommandException("The review channel set for applications is not a text channel of this server; an admin"
          + " can set another with /recruitment config set key:review_channel value:#channel.");
    }
    return channel;
  }

  private boolean isReviewer(Member member) {
    long staff = context.storage().config().get(RecruitmentCog.STAFF_ROLE, ConfigScope.guild(member.getGuild().getIdLong()));
    return member.hasPermission(Permission.MANAGE_SERVER) || member.getRoles().stream().anyMatch(r -> r.getIdLong() == staff);
  }

  /** Gives the accepted role; returns a note for the review message when it could not. */
  private Optional<String> giveRole(Guild guild, long applicantId) {
    long id = context.storage().config().get(RecruitmentCog.ACCEPTED_ROLE, ConfigScope.guild(guild.getIdLong()));
    if (id == 0) {
      return Optional.empty();
    }
    Role role = guild.getRoleById(id);
    if (role == null) {
      return Optional.of("no role given: the accepted_role setting names no role of this server");
    }
    try {
      guild.addRoleToMember(UserSnowflake.fromId(applicantId), role).reason("Application accepted").complete();
      return Optional.of("given " + role.getName());
    } catch (ErrorResponseException e) {
      context.logger().warn("recruitment.role_failed code={}", e.getErrorCode());
      return Optional.of("no role given: the applicant is no longer a member, or the bot may not give " + role.getName());
    } catch (RuntimeException e) {
      context.logger().warn("recruitment.role_failed error={}", e.getClass().getSimpleName());
      return Optional.of("no role given: the bot may not give " + role.getName());
    }
  }

  /** Tells the applicant the outcome by DM; returns a note for the review message when it could not. */
  private Optional<String> tell(Guild guild, long applicantId, Status outcome) {
    String text = outcome == Status.ACCEPTED
        ? "Your application to " + guild.getName() + " was accepted. Welcome!"
        : "Your application to " + guild.getName() + " was not accepted this time. Thank you for applying.";
    try {
      guild.getJDA().openPrivateChannelById(applicantId).flatMap(dm -> dm.sendMessage(text)).complete();
      return Optional.empty();
    } catch (RuntimeException e) {
      context.logger().warn("recruitment.dm_failed error={}", e.getClass().getSimpleName());
      return Optional.of("the applicant could not be told by DM");
    }
  }

  private static MessageEmbed embed(Application application, List<Answer> rows, User applicant, String status) {
    EmbedBuilder embed = new EmbedBuilder()
        .setTitle("Application #" + application.number())
        .setDescription("From " + (applicant == null ? "a member" : applicant.getAsMention()) + ", submitted <t:"
            + application.submittedAt().getEpochSecond() + ":f>")
        .setFooter("Status: " + application.status().text);
    for (Answer row : rows) {
      embed.addField(row.question(), row.answer(), false);
    }
    embed.addField("Review", status, false);
    return embed.build();
  }

  private static List<ActionRow> buttons(Application application, long applicantId) {
    String suffix = ":" + application.number() + ":" + applicantId;
    List<Button> buttons = new ArrayList<>();
    if (application.status() == Status.SUBMITTED) {
      buttons.add(Button.secondary(BUTTON + "review" + suffix, "Start review"));
    }
    buttons.add(Button.success(BUTTON + "accept" + suffix, "Accept"));
    buttons.add(Button.danger(BUTTON + "reject" + suffix, "Reject"));
    return List.of(ActionRow.of(buttons));
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
