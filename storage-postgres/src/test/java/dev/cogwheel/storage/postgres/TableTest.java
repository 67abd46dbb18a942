package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageConflictException;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.StorageNotFoundException;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Key;
import dev.cogwheel.storage.table.Operator;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TableTest {

  static final Pid ALICE = new Pid("a".repeat(64));
  static final Pid BOB = new Pid("b".repeat(64));

  static TestSchema schema;
  static PostgresStorageBackend backend;
  static StorageService xp;

  record Member(long guildId, String name, long xp, Integer level) {}

  record Player(long id, String name, int score) {}

  record Verbatim(long id, String text) {}

  record Bounded(long id, String name) {}

  record Checked(long id, long balance) {}

  record Marked(long id, String note) {}

  record Positive(long id, long n) {
    Positive {
      if (n < 0) {
        throw new IllegalArgumentException("n must not be negative, got " + n);
      }
    }
  }

  record Profile(Pid pid, long guildId, String bio) {}

  enum Rank { BRONZE, SILVER, GOLD }

  record Everything(
      long id, int count, short small, boolean flag, double ratio, float weight, String name,
      BigDecimal amount, Instant seenAt, OffsetDateTime joinedAt, LocalDateTime localAt, LocalDate day,
      UUID uuid, byte[] blob, Pid pid, Rank rank, String data,
      Long maybeLong, Integer maybeInt, Short maybeShort, Boolean maybeFlag, Double maybeRatio,
      Float maybeWeight, String maybeName, BigDecimal maybeAmount, Instant maybeSeenAt, LocalDate maybeDay,
      UUID maybeUuid, byte[] maybeBlob, Pid maybePid, Rank maybeRank) {}

  @BeforeAll
  static void open(TestSchema testSchema) {
    schema = testSchema;
    backend = Backends.open(schema);
    xp = backend.forPlugin("xp");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static Table<Member> members(String name) {
    Backends.sql(schema, "CREATE TABLE " + name + " (guild_id bigint NOT NULL, name text NOT NULL,"
        + " xp bigint NOT NULL, level integer, PRIMARY KEY (guild_id, name))");
    return xp.table(name, Member.class);
  }

  private static Table<Player> players(String name) {
    Backends.sql(schema, "CREATE TABLE " + name + " (id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL)");
    return xp.table(name, Player.class);
  }

  private static long publicTables() {
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void insertedRowsAreFoundByKeyAndMissingKeysAreEmpty() {
    Table<Member> table = members("xp_found");
    table.insert(new Member(1L, "ann", 10L, 2));
    table.insert(new Member(1L, "bea", 20L, null));
    assertThat(table.find(Key.of(1L, "ann"))).contains(new Member(1L, "ann", 10L, 2));
    assertThat(table.find(Key.of(1L, "bea"))).contains(new Member(1L, "bea", 20L, null));
    assertThat(table.find(Key.of(2L, "ann"))).isEmpty();
    assertThat(table.name()).isEqualTo("xp_found");
    assertThat(table.keyColumns()).containsExactly("guild_id", "name");
  }

  @Test
  void aRowItsRecordRefusesFailsWithTheRecordsOwnReasonWhenFoundOrQueried() {
    Backends.sql(schema, "CREATE TABLE xp_positive (id bigint PRIMARY KEY, n bigint NOT NULL)");
    Backends.sql(schema, "INSERT INTO xp_positive VALUES (1, 3), (2, -5)");
    Table<Positive> table = xp.table("xp_positive", Positive.class);
    assertThat(table.find(Key.of(1L))).contains(new Positive(1L, 3L));
    assertThatThrownBy(() -> table.find(Key.of(2L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: record Positive refused a row of xp_positive: n must not be negative, got -5")
        .cause().isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> table.query(Query.all()))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("record Positive refused a row of xp_positive");
  }

  @Test
  void upsertInsertsThenReplacesEveryColumnOfTheRow() {
    Table<Member> table = members("xp_upserted");
    table.upsert(new Member(1L, "ann", 10L, 1));
    assertThat(table.find(Key.of(1L, "ann"))).contains(new Member(1L, "ann", 10L, 1));
    table.upsert(new Member(1L, "ann", 99L, null));
    assertThat(table.find(Key.of(1L, "ann"))).contains(new Member(1L, "ann", 99L, null));
    assertThat(table.count(Query.all())).isEqualTo(1);
  }

  @Test
  void updateReplacesNonKeyColumnsAndSaysWhetherARowMatched() {
    Table<Member> table = members("xp_updated");
    table.insert(new Member(1L, "ann", 10L, 1));
    assertThat(table.update(new Member(1L, "ann", 50L, 3))).isTrue();
    assertThat(table.find(Key.of(1L, "ann"))).contains(new Member(1L, "ann", 50L, 3));
    assertThat(table.update(new Member(1L, "nobody", 50L, 3))).isFalse();
    assertThat(table.find(Key.of(1L, "nobody"))).isEmpty();
  }

  @Test
  void deleteRemovesOneRowByKeyAndSaysWhetherItExisted() {
    Table<Member> table = members("xp_deleted");
    table.insert(new Member(1L, "ann", 10L, 1));
    table.insert(new Member(1L, "bea", 10L, 1));
    assertThat(table.delete(Key.of(1L, "ann"))).isTrue();
    assertThat(table.delete(Key.of(1L, "ann"))).isFalse();
    assertThat(table.find(Key.of(1L, "ann"))).isEmpty();
    assertThat(table.find(Key.of(1L, "bea"))).isPresent();
  }

  @Test
  void deleteWhereRemovesOnlyMatchingRowsAndRefusesToDeleteEverything() {
    Table<Member> table = members("xp_purged");
    table.insert(new Member(1L, "ann", 10L, 1));
    table.insert(new Member(1L, "bea", 20L, 1));
    table.insert(new Member(2L, "ann", 30L, 1));
    assertThat(table.deleteWhere(Query.where("guildId", 1L).and("xp", Operator.GE, 15L))).isEqualTo(1);
    assertThat(table.deleteWhere(Query.where("guild_id", 1L))).isEqualTo(1);
    assertThat(table.deleteWhere(Query.where("guild_id", 7L))).isZero();
    assertThatThrownBy(() -> table.deleteWhere(Query.all()))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: deleteWhere on xp_purged needs at least one condition; it never deletes every row.");
    assertThatThrownBy(() -> table.deleteWhere(Query.all().orderBy("xp").limit(1)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("needs at least one condition");
    assertThat(table.query(Query.all())).containsExactly(new Member(2L, "ann", 30L, 1));
  }

  @Test
  void queryFiltersWithEveryOperator() {
    Table<Member> table = members("xp_filtered");
    for (int i = 1; i <= 5; i++) {
      table.insert(new Member(1L, "m" + i, i * 10L, i % 2 == 0 ? null : i));
    }
    assertThat(names(table.query(Query.where("xp", Operator.EQ, 30L)))).containsExactly("m3");
    assertThat(names(table.query(Query.where("xp", Operator.NE, 30L).orderBy("xp")))).containsExactly("m1", "m2", "m4", "m5");
    assertThat(names(table.query(Query.where("xp", Operator.LT, 30L).orderBy("xp")))).containsExactly("m1", "m2");
    assertThat(names(table.query(Query.where("xp", Operator.LE, 30L).orderBy("xp")))).containsExactly("m1", "m2", "m3");
    assertThat(names(table.query(Query.where("xp", Operator.GT, 30L).orderBy("xp")))).containsExactly("m4", "m5");
    assertThat(names(table.query(Query.where("xp", Operator.GE, 30L).orderBy("xp")))).containsExactly("m3", "m4", "m5");
    assertThat(names(table.query(Query.where("name", Operator.IN, List.of("m2", "m5", "zz")).orderBy("name"))))
        .containsExactly("m2", "m5");
    assertThat(names(table.query(Query.where("xp", Operator.IN, List.of(10L, 40, (short) 50)).orderBy("xp"))))
        .containsExactly("m1", "m4", "m5");
    assertThat(names(table.query(Query.where("level", Operator.IS_NULL, null).orderBy("name")))).containsExactly("m2", "m4");
    assertThat(names(table.query(Query.where("level", Operator.IS_NOT_NULL, null).orderBy("name"))))
        .containsExactly("m1", "m3", "m5");
    assertThat(names(table.query(Query.where("xp", Operator.GT, 10).and("level", Operator.IS_NOT_NULL, null))))
        .containsExactlyInAnyOrder("m3", "m5");
  }

  @Test
  void queryOrdersAscendingDescendingAndByManyKeys() {
    Table<Member> table = members("xp_ordered");
    table.insert(new Member(1L, "c", 10L, 1));
    table.insert(new Member(1L, "a", 30L, 2));
    table.insert(new Member(1L, "b", 10L, 3));
    table.insert(new Member(2L, "d", 20L, 4));
    assertThat(names(table.query(Query.all().orderBy("name")))).containsExactly("a", "b", "c", "d");
    assertThat(names(table.query(Query.all().orderByDescending("name")))).containsExactly("d", "c", "b", "a");
    assertThat(names(table.query(Query.all().orderBy("xp").orderByDescending("name")))).containsExactly("c", "b", "d", "a");
    assertThat(names(table.query(Query.all().orderByDescending("guildId").orderBy("xp").orderBy("name"))))
        .containsExactly("d", "b", "c", "a");
  }

  @Test
  void limitAndOffsetPageALeaderboard() {
    Table<Member> table = members("xp_leaderboard");
    for (int i = 1; i <= 25; i++) {
      table.insert(new Member(1L, "p" + i, i * 100L, null));
    }
    table.insert(new Member(2L, "elsewhere", 1_000_000L, null));
    Query top = Query.where("guildId", 1L).orderByDescending("xp").limit(10);
    assertThat(table.query(top)).extracting(Member::xp).containsExactly(
        2500L, 2400L, 2300L, 2200L, 2100L, 2000L, 1900L, 1800L, 1700L, 1600L);
    assertThat(names(table.query(top.offset(10)))).containsExactly(
        "p15", "p14", "p13", "p12", "p11", "p10", "p9", "p8", "p7", "p6");
    assertThat(names(table.query(top.offset(20)))).containsExactly("p5", "p4", "p3", "p2", "p1");
    assertThat(table.query(top.offset(30))).isEmpty();
    assertThat(names(table.query(Query.where("guildId", 1L).orderBy("xp").offset(23)))).containsExactly("p24", "p25");
  }

  @Test
  void countIgnoresOrderLimitAndOffset() {
    Table<Member> table = members("xp_counted");
    for (int i = 1; i <= 7; i++) {
      table.insert(new Member(i % 2, "c" + i, i, null));
    }
    assertThat(table.count(Query.all())).isEqualTo(7);
    assertThat(table.count(Query.where("guildId", 1L))).isEqualTo(4);
    assertThat(table.count(Query.where("guild_id", 1L).orderBy("xp").limit(1).offset(2))).isEqualTo(4);
    assertThat(table.count(Query.where("xp", Operator.GT, 100L))).isZero();
  }

  @Test
  void filtersAndOrdersAcceptComponentOrColumnNames() {
    Table<Member> table = members("xp_named");
    table.insert(new Member(1L, "ann", 10L, null));
    table.insert(new Member(2L, "bea", 20L, null));
    assertThat(table.query(Query.where("guildId", 2L))).extracting(Member::name).containsExactly("bea");
    assertThat(table.query(Query.where("guild_id", 2L))).extracting(Member::name).containsExactly("bea");
    assertThat(names(table.query(Query.all().orderByDescending("guildId")))).containsExactly("bea", "ann");
    assertThat(names(table.query(Query.all().orderByDescending("guild_id")))).containsExactly("bea", "ann");
  }

  @Test
  void everySupportedTypeRoundTrips() {
    Backends.sql(schema, "CREATE TABLE xp_everything (id bigint PRIMARY KEY, count integer NOT NULL,"
        + " small smallint NOT NULL, flag boolean NOT NULL, ratio double precision NOT NULL, weight real NOT NULL,"
        + " name varchar(40) NOT NULL, amount numeric(12,2) NOT NULL, seen_at timestamptz NOT NULL,"
        + " joined_at timestamptz NOT NULL, local_at timestamp NOT NULL, day date NOT NULL, uuid uuid NOT NULL,"
        + " blob bytea NOT NULL, pid text NOT NULL, rank text NOT NULL, data jsonb NOT NULL,"
        + " maybe_long bigint, maybe_int integer, maybe_short smallint, maybe_flag boolean,"
        + " maybe_ratio double precision, maybe_weight real, maybe_name text, maybe_amount numeric,"
        + " maybe_seen_at timestamptz, maybe_day date, maybe_uuid uuid, maybe_blob bytea, maybe_pid char(64),"
        + " maybe_rank varchar(10))");
    Table<Everything> table = xp.table("xp_everything", Everything.class);
    Instant seen = Instant.parse("2024-03-01T12:34:56.123456Z");
    OffsetDateTime joined = OffsetDateTime.parse("2023-12-31T23:59:59.5+02:00");
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Everything full = new Everything(
        Long.MAX_VALUE, Integer.MIN_VALUE, Short.MAX_VALUE, true, Math.PI, 1.5f, "Zoë ✓ 'quoted'",
        new BigDecimal("1234567890.25"), seen, joined, LocalDateTime.parse("2024-02-29T01:02:03.000004"),
        LocalDate.parse("1999-12-31"), uuid, new byte[] {0, 1, (byte) 0xff, 42}, ALICE, Rank.GOLD,
        "{\"a\": 1, \"b\": [true, null, \"x\"]}",
        -1L, 7, (short) -3, false, -0.25, 2.5f, "maybe", new BigDecimal("0.000001"), seen,
        LocalDate.parse("2000-01-01"), uuid, new byte[0], BOB, Rank.SILVER);
    Everything empty = new Everything(
        1L, 0, (short) 0, false, 0, 0, "", BigDecimal.ZERO.setScale(2), Instant.EPOCH,
        OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC), LocalDateTime.parse("1970-01-01T00:00"),
        LocalDate.parse("1970-01-01"), new UUID(0, 0), new byte[] {7}, BOB, Rank.BRONZE, "[]",
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    table.insert(full);
    table.insert(empty);

    Everything read = table.find(Key.of(Long.MAX_VALUE)).orElseThrow();
    assertThat(read).usingRecursiveComparison().ignoringFields("joinedAt").isEqualTo(full);
    assertThat(read.joinedAt()).isAtSameInstantAs(joined);
    assertThat(table.find(Key.of(1L))).get().usingRecursiveComparison().isEqualTo(empty);

    assertThat(table.query(Query.where("pid", ALICE))).extracting(Everything::id).containsExactly(Long.MAX_VALUE);
    assertThat(table.query(Query.where("maybePid", BOB))).extracting(Everything::id).containsExactly(Long.MAX_VALUE);
    assertThat(table.query(Query.where("rank", Operator.IN, List.of(Rank.BRONZE, Rank.SILVER))))
        .extracting(Everything::id).containsExactly(1L);
    assertThat(table.query(Query.where("uuid", uuid))).hasSize(1);
    assertThat(table.query(Query.where("seenAt", Operator.GT, Instant.EPOCH))).hasSize(1);
    assertThat(table.query(Query.where("day", Operator.LT, LocalDate.parse("1980-01-01")))).hasSize(1);
    assertThat(table.query(Query.where("small", (short) 0))).hasSize(1);
    assertThat(table.query(Query.where("amount", Operator.GT, new BigDecimal("1000")))).hasSize(1);
    assertThat(table.query(Query.where("blob", new byte[] {7}))).extracting(Everything::id).containsExactly(1L);
    assertThat(table.query(Query.where("maybeLong", Operator.IS_NULL, null))).extracting(Everything::id).containsExactly(1L);
  }

  @Test
  void compositeKeysIdentifyRowsByEveryKeyColumn() {
    Backends.sql(schema, "CREATE TABLE xp_profiles (pid text NOT NULL, guild_id bigint NOT NULL, bio text,"
        + " PRIMARY KEY (pid, guild_id))");
    Table<Profile> table = xp.table("xp_profiles", Profile.class);
    assertThat(table.keyColumns()).containsExactly("pid", "guild_id");
    table.insert(new Profile(ALICE, 1L, "one"));
    table.insert(new Profile(ALICE, 2L, "two"));
    table.insert(new Profile(BOB, 1L, "bob"));
    assertThat(table.find(Key.of(ALICE, 2L))).contains(new Profile(ALICE, 2L, "two"));
    assertThat(table.update(new Profile(ALICE, 1L, "uno"))).isTrue();
    assertThat(table.find(Key.of(ALICE, 1L))).contains(new Profile(ALICE, 1L, "uno"));
    assertThat(table.find(Key.of(ALICE, 2L))).contains(new Profile(ALICE, 2L, "two"));
    table.upsert(new Profile(BOB, 1L, null));
    assertThat(table.find(Key.of(BOB, 1L))).contains(new Profile(BOB, 1L, null));
    assertThat(table.delete(Key.of(ALICE, 1L))).isTrue();
    assertThat(table.query(Query.all().orderBy("pid").orderBy("guildId")))
        .containsExactly(new Profile(ALICE, 2L, "two"), new Profile(BOB, 1L, null));
  }

  @Test
  void columnsTheRecordLacksAreLeftToTheirDefaults() {
    Backends.sql(schema, "CREATE TABLE xp_wide (id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL,"
        + " created_at timestamptz NOT NULL DEFAULT now(), note text, serial bigint GENERATED ALWAYS AS IDENTITY,"
        + " doubled integer GENERATED ALWAYS AS (score * 2) STORED)");
    Table<Player> table = xp.table("xp_wide", Player.class);
    table.insert(new Player(1L, "ann", 5));
    table.upsert(new Player(2L, "bea", 6));
    table.upsert(new Player(2L, "bea", 7));
    assertThat(table.update(new Player(1L, "ann", 8))).isTrue();
    assertThat(table.query(Query.all().orderBy("id")))
        .containsExactly(new Player(1L, "ann", 8), new Player(2L, "bea", 7));
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM xp_wide WHERE created_at IS NOT NULL AND note IS NULL"
            + " AND serial IS NOT NULL AND doubled = score * 2")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(2);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void insertingAnExistingKeyIsAConflict() {
    Table<Player> table = players("xp_unique");
    table.insert(new Player(1L, "ann", 1));
    assertThatThrownBy(() -> table.insert(new Player(1L, "other", 2)))
        .isInstanceOf(StorageConflictException.class)
        .hasMessageStartingWith("plugin xp: insert into xp_unique failed: duplicate key value")
        .hasMessageContaining("SQLSTATE 23505");
    assertThat(table.find(Key.of(1L))).contains(new Player(1L, "ann", 1));
  }

  @Test
  void notNullAndCheckViolationsAreInvalid() {
    Backends.sql(schema, "CREATE TABLE xp_checked (id bigint PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))",
        "CREATE TABLE xp_marked (id bigint PRIMARY KEY, note text NOT NULL DEFAULT 'none')");
    Table<Checked> checked = xp.table("xp_checked", Checked.class);
    assertThatThrownBy(() -> checked.insert(new Checked(1L, -5L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: insert into xp_checked failed:")
        .hasMessageContaining("check constraint")
        .hasMessageContaining("SQLSTATE 23514");
    checked.insert(new Checked(1L, 5L));
    assertThatThrownBy(() -> checked.update(new Checked(1L, -1L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("check constraint");
    assertThat(checked.find(Key.of(1L))).contains(new Checked(1L, 5L));

    Table<Player> players = players("xp_required");
    assertThatThrownBy(() -> players.insert(new Player(1L, null, 1)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: xp_required.name is NOT NULL but component name is null.");

    Table<Marked> marked = xp.table("xp_marked", Marked.class);
    assertThatThrownBy(() -> marked.insert(new Marked(1L, null)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("xp_marked")
        .hasMessageContaining("not-null constraint")
        .hasMessageContaining("SQLSTATE 23502");
    assertThat(checked.count(Query.all())).isEqualTo(1);
    assertThat(players.count(Query.all())).isZero();
  }

  @Test
  void valuesLongerThanAVarcharNameTheColumnAndItsLimit() {
    Backends.sql(schema, "CREATE TABLE xp_bounded (id bigint PRIMARY KEY, name varchar(8) NOT NULL)");
    Table<Bounded> table = xp.table("xp_bounded", Bounded.class);
    table.insert(new Bounded(1L, "12345678"));
    assertThatThrownBy(() -> table.insert(new Bounded(2L, "123456789")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: value for xp_bounded.name is 9 characters; the column allows at most 8.");
    assertThatThrownBy(() -> table.update(new Bounded(1L, "far too long")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("xp_bounded.name").hasMessageContaining("at most 8");
    assertThatThrownBy(() -> table.query(Query.where("name", "123456789")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("xp_bounded.name").hasMessageContaining("at most 8");
    assertThat(table.query(Query.all())).containsExactly(new Bounded(1L, "12345678"));
  }

  @Test
  void aMissingTableSaysToCreateItInThePluginsChangelog() {
    assertThatThrownBy(() -> xp.table("xp_nowhere", Player.class))
        .isInstanceOf(StorageNotFoundException.class)
        .hasMessage("plugin xp: table xp_nowhere does not exist in the instance schema;"
            + " create it in the plugin's changelog.");
  }

  @Test
  void anotherPluginsTableAndInvalidNamesAreRefusedWithTheRule() {
    Backends.sql(schema, "CREATE TABLE economy_x (id bigint PRIMARY KEY, name text NOT NULL, score integer NOT NULL)");
    assertThatThrownBy(() -> xp.table("economy_x", Player.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp cannot use table 'economy_x': a plugin reaches only tables named xp_<name>.");
    assertThatThrownBy(() -> xp.table("xp_Bad;drop", Player.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: table name 'xp_Bad;drop' is not valid: use lower-case letters, digits and '_',"
            + " starting with a letter, at most 63 characters.");
    assertThatThrownBy(() -> xp.table("xp_", Player.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin xp cannot use table 'xp_'");
    assertThatThrownBy(() -> xp.table("xpx_table", Player.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("only tables named xp_<name>");
    assertThat(backend.forPlugin("economy").table("economy_x", Player.class).count(Query.all())).isZero();
  }

  @Test
  void wrongKeysAndUnknownColumnsAreRefusedListingTheColumns() {
    Table<Member> table = members("xp_strict_keys");
    assertThatThrownBy(() -> table.find(Key.of(1L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: a key of xp_strict_keys has 2 value(s) for [guild_id, name], got 1.");
    assertThatThrownBy(() -> table.delete(Key.of(1L, "a", "b")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("has 2 value(s) for [guild_id, name], got 3");
    assertThatThrownBy(() -> table.find(Key.of("1", "ann")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: a String cannot be compared with xp_strict_keys.guild_id (bigint); use Long or long.");
    assertThatThrownBy(() -> table.find(Key.of(1L, 2L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("a Long cannot be compared with xp_strict_keys.name (text); use String, Pid or an enum.");
    assertThatThrownBy(() -> table.query(Query.where("nope", 1L)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessage("plugin xp: table xp_strict_keys has no column 'nope'; its columns are [guild_id, name, xp, level].");
    assertThatThrownBy(() -> table.query(Query.all().orderBy("guildID")))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("has no column 'guildID'; its columns are [guild_id, name, xp, level]");
    assertThatThrownBy(() -> table.count(Query.where("xp", Operator.IN, List.of(1L, "two"))))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("a String cannot be compared with xp_strict_keys.xp (bigint)");
    assertThatThrownBy(() -> table.deleteWhere(Query.where("level", 1.5)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("a Double cannot be compared with xp_strict_keys.level (integer); use Integer or int.");
  }

  @Test
  void valuesThatLookLikeSqlAreStoredVerbatim() {
    Backends.sql(schema, "CREATE TABLE xp_verbatim (id bigint PRIMARY KEY, text text NOT NULL)");
    Table<Verbatim> table = xp.table("xp_verbatim", Verbatim.class);
    List<String> nasty = List.of(
        "'); DROP TABLE xp_verbatim; --", "\" OR 1=1 --", "x' OR 'x'='x", "${table}", "#{value}",
        "back\\slash", "semi;colon", "$1", "?", "nul\u0001byte", "' || pg_sleep(5) || '");
    for (int i = 0; i < nasty.size(); i++) {
      table.insert(new Verbatim(i, nasty.get(i)));
    }
    assertThat(table.query(Query.all().orderBy("id"))).extracting(Verbatim::text).containsExactlyElementsOf(nasty);
    for (String text : nasty) {
      assertThat(table.query(Query.where("text", text))).extracting(Verbatim::text).containsExactly(text);
    }
    assertThat(table.count(Query.where("text", Operator.IN, nasty))).isEqualTo(nasty.size());
    table.upsert(new Verbatim(0L, "'; DELETE FROM xp_verbatim; --"));
    assertThat(table.find(Key.of(0L))).contains(new Verbatim(0L, "'; DELETE FROM xp_verbatim; --"));
    assertThat(table.deleteWhere(Query.where("text", "' OR 1=1 --"))).isZero();
    assertThat(table.count(Query.all())).isEqualTo(nasty.size());
  }

  @Test
  void tableOperationsNeverWriteThePublicSchema() {
    long before = publicTables();
    Table<Member> table = members("xp_private");
    table.insert(new Member(1L, "ann", 1L, null));
    table.upsert(new Member(1L, "ann", 2L, 1));
    table.update(new Member(1L, "ann", 3L, 1));
    table.increment(Key.of(1L, "bea"), "xp", 5L);
    table.query(Query.where("guildId", 1L).orderBy("xp").limit(5));
    table.count(Query.all());
    table.deleteWhere(Query.where("xp", Operator.LT, 4L));
    table.delete(Key.of(1L, "bea"));
    assertThat(publicTables()).isEqualTo(before);
    try (Connection c = schema.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT schemaname FROM pg_tables WHERE tablename = 'xp_private'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo(schema.name());
      assertThat(rs.next()).isFalse();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(List<Member> members) {
    return members.stream().map(Member::name).toList();
  }
}
