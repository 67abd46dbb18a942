package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class TableRecordMismatchTest {

  static PostgresStorageBackend backend;
  static StorageService xp;

  record Member(long guildId, String name, long xp) {}

  record WithExtras(long guildId, String name, long xp, String nickName, int streak) {}

  record WithoutName(long guildId, long xp) {}

  record TextGuild(String guildId, String name, long xp) {}

  record PrimitiveLevel(long guildId, String name, long xp, int level) {}

  record BoxedLevel(long guildId, String name, long xp, Integer level) {}

  record JsonPid(long guildId, String name, long xp, Pid data) {}

  record UuidAsString(long guildId, String name, long xp, String token) {}

  record Everything(String guildId, int xp, Long extra) {}

  @BeforeAll
  static void open(TestSchema schema) {
    backend = Backends.open(schema);
    xp = backend.forPlugin("xp");
    Backends.sql(schema,
        "CREATE TABLE xp_members (guild_id bigint NOT NULL, name text NOT NULL, xp bigint NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (guild_id, name))",
        "CREATE TABLE xp_levels (guild_id bigint NOT NULL, name text NOT NULL, xp bigint NOT NULL, level integer,"
            + " PRIMARY KEY (guild_id, name))",
        "CREATE TABLE xp_json (guild_id bigint NOT NULL, name text NOT NULL, xp bigint NOT NULL, data jsonb,"
            + " PRIMARY KEY (guild_id, name))",
        "CREATE TABLE xp_tokens (guild_id bigint NOT NULL, name text NOT NULL, xp bigint NOT NULL, token uuid,"
            + " PRIMARY KEY (guild_id, name))");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void aMatchingRecordOpens() {
    assertThat(xp.table("xp_members", Member.class).count(Query.all())).isZero();
    assertThat(xp.table("xp_levels", BoxedLevel.class).count(Query.all())).isZero();
  }

  @Test
  void componentsWithoutAColumnAreNamed() {
    assertThatThrownBy(() -> xp.table("xp_members", WithExtras.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: record WithExtras does not match table xp_members.")
        .hasMessageContaining("Components without a column: [nickName (column nick_name), streak (column streak)].")
        .hasMessageContaining("Table columns: [guild_id, name, xp].");
  }

  @Test
  void notNullColumnsWithoutADefaultThatTheRecordLacksAreNamed() {
    assertThatThrownBy(() -> xp.table("xp_members", WithoutName.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: record WithoutName does not match table xp_members.")
        .hasMessageContaining("NOT NULL columns without a default that the record lacks: [name].")
        .hasMessageNotContaining("[name, xp]");
  }

  @Test
  void aComponentOfTheWrongTypeIsNamedWithTheTypesThatFit() {
    assertThatThrownBy(() -> xp.table("xp_members", TextGuild.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: record TextGuild does not match table xp_members.")
        .hasMessageContaining("Types that differ: component guildId is String but column guild_id is bigint"
            + " (use Long or long).");
    assertThatThrownBy(() -> xp.table("xp_json", JsonPid.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("component data is Pid but column data is jsonb (use String)");
    assertThatThrownBy(() -> xp.table("xp_tokens", UuidAsString.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("component token is String but column token is uuid (use UUID)");
  }

  @Test
  void aPrimitiveComponentForANullableColumnIsRefused() {
    assertThatThrownBy(() -> xp.table("xp_levels", PrimitiveLevel.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: record PrimitiveLevel does not match table xp_levels.")
        .hasMessageContaining("column level allows NULL but component level is primitive int"
            + " (use its boxed type, or make the column NOT NULL)");
  }

  @Test
  void everyDifferenceIsListedInOneMessage() {
    assertThatThrownBy(() -> xp.table("xp_members", Everything.class))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageStartingWith("plugin xp: record Everything does not match table xp_members.")
        .hasMessageContaining("Components without a column: [extra (column extra)].")
        .hasMessageContaining("NOT NULL columns without a default that the record lacks: [name].")
        .hasMessageContaining("component guildId is String but column guild_id is bigint")
        .hasMessageContaining("component xp is int but column xp is bigint (use Long or long)");
  }

  @Test
  void aMismatchInsideATransactionIsReportedTheSameWay() {
    assertThatThrownBy(() -> xp.useTransaction(tx -> tx.table("xp_members", TextGuild.class)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin xp")
        .hasMessageContaining("xp_members")
        .hasMessageContaining("component guildId is String but column guild_id is bigint");
  }
}
