package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.storage.Pid;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigType;
import dev.cogwheel.storage.privacy.UserDataExport;
import dev.cogwheel.storage.privacy.UserDataHook;
import dev.cogwheel.storage.privacy.UserDataRecord;
import dev.cogwheel.storage.service.StorageService;
import dev.cogwheel.storage.table.Query;
import dev.cogwheel.storage.table.Table;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class UserDataTest {

  record Warning(long id, long guildId, Pid pid, String reason) {}

  static final ConfigKey<Boolean> DM_ME = ConfigKey.builder("dm-on-warn", ConfigType.BOOLEAN).defaultValue(true).build();

  static PostgresStorageBackend backend;

  @BeforeAll
  static void open(TestSchema schema) {
    backend = Backends.open(schema);
    Backends.sql(schema, "CREATE TABLE moderation_warnings (id bigserial PRIMARY KEY, guild_id bigint NOT NULL,"
        + " pid char(64) NOT NULL, reason text NOT NULL)");
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void exportAndDeleteCoverMemberAndUserSettingsAndThePluginsHooks() {
    StorageService moderation = backend.forPlugin("moderation");
    Pid alice = backend.pids().member(1, 100);
    Pid aliceEverywhere = backend.pids().user(100);
    Pid bob = backend.pids().member(1, 200);
    Table<Warning> warnings = moderation.table("moderation_warnings", Warning.class);
    warnings.insert(new Warning(1, 1, alice, "spam"));
    warnings.insert(new Warning(2, 1, bob, "caps"));
    moderation.config().set(DM_ME, ConfigScope.member(1, alice), false);
    moderation.config().set(DM_ME, ConfigScope.user(aliceEverywhere), false);
    moderation.config().set(DM_ME, ConfigScope.member(1, bob), false);
    moderation.config().set(DM_ME, ConfigScope.guild(1), true);
    moderation.userData().register(new UserDataHook() {
      @Override
      public List<UserDataRecord> export(Pid pid) {
        return warnings.query(Query.where("pid", pid)).stream()
            .map(w -> new UserDataRecord("moderation_warnings", Map.of("reason", w.reason())))
            .toList();
      }

      @Override
      public int delete(Pid pid) {
        return warnings.deleteWhere(Query.where("pid", pid));
      }
    });

    UserDataExport export = moderation.userData().export(alice);
    assertThat(export.pluginId()).isEqualTo("moderation");
    assertThat(export.records()).extracting(UserDataRecord::source).containsExactly("config", "moderation_warnings");
    assertThat(export.records().get(0).fields()).containsEntry("key", "dm-on-warn").containsEntry("value", "false");
    assertThat(moderation.userData().export(aliceEverywhere).records()).hasSize(1);

    assertThat(moderation.userData().delete(alice)).isEqualTo(2);
    assertThat(moderation.userData().export(alice).records()).isEmpty();
    assertThat(moderation.config().get(DM_ME, ConfigScope.member(1, alice))).isTrue();
    assertThat(moderation.config().get(DM_ME, ConfigScope.member(1, bob))).isFalse();
    assertThat(warnings.count(Query.all())).isEqualTo(1);
    assertThat(backend.forPlugin("other").userData().export(bob).records()).isEmpty();
  }
}
