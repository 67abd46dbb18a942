package dev.cogwheel.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.state.StateEntry;
import dev.cogwheel.storage.state.StateStore;
import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StateStoreTest {

  static PostgresStorageBackend backend;

  @BeforeAll
  static void open(TestSchema schema) {
    backend = Backends.open(schema);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void putCreatesAtVersionOneAndEachWriteAddsOne() {
    StateStore state = backend.forPlugin("tempvc").state();
    StateEntry first = state.put("vc/1", "{\"owner\":\"a\"}");
    StateEntry second = state.put("vc/1", "{\"owner\":\"b\"}");
    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(state.find("vc/1")).get().extracting(StateEntry::value).isEqualTo("{\"owner\":\"b\"}");
    assertThat(state.find("vc/404")).isEmpty();
  }

  @Test
  void compareAndSetWritesOnlyOverTheExpectedVersion() {
    StateStore state = backend.forPlugin("tempvc").state();
    assertThat(state.compareAndSet("cas", StateStore.ABSENT, "one")).get().extracting(StateEntry::version).isEqualTo(1L);
    assertThat(state.compareAndSet("cas", StateStore.ABSENT, "again")).isEmpty();
    assertThat(state.compareAndSet("cas", 7, "stale")).isEmpty();
    assertThat(state.compareAndSet("cas", 1, "two")).get().extracting(StateEntry::value).isEqualTo("two");
    assertThat(state.find("cas")).get().extracting(StateEntry::version).isEqualTo(2L);
  }

  @Test
  void listByPrefixTreatsWildcardsLiterally() {
    StateStore state = backend.forPlugin("lister").state();
    state.put("room_1", "a");
    state.put("room%2", "b");
    state.put("roomX3", "c");
    state.put("other", "d");
    assertThat(state.list("room_")).extracting(StateEntry::key).containsExactly("room_1");
    assertThat(state.list("room%")).extracting(StateEntry::key).containsExactly("room%2");
    assertThat(state.list("room")).extracting(StateEntry::key).containsExactly("room%2", "roomX3", "room_1");
    assertThat(state.list("")).hasSize(4);
  }

  @Test
  void deleteAndCompareAndDelete() {
    StateStore state = backend.forPlugin("deleter").state();
    StateEntry entry = state.put("k", "v");
    assertThat(state.compareAndDelete("k", entry.version() + 1)).isFalse();
    assertThat(state.compareAndDelete("k", entry.version())).isTrue();
    assertThat(state.delete("k")).isFalse();
    state.put("k2", "v");
    assertThat(state.delete("k2")).isTrue();
    assertThat(state.find("k2")).isEmpty();
  }

  @Test
  void pluginsNeverSeeEachOthersState() {
    backend.forPlugin("alpha").state().put("shared", "alpha's");
    backend.forPlugin("beta").state().put("shared", "beta's");
    assertThat(backend.forPlugin("alpha").state().find("shared")).get().extracting(StateEntry::value).isEqualTo("alpha's");
    assertThat(backend.forPlugin("beta").state().list("")).extracting(StateEntry::value).containsExactly("beta's");
  }

  @Test
  void invalidKeysAndOversizedValuesAreRefusedWithTheReason() {
    StateStore state = backend.forPlugin("tempvc").state();
    assertThatThrownBy(() -> state.put("", "v"))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("plugin tempvc").hasMessageContaining("1 to 200 characters");
    assertThatThrownBy(() -> state.put("a\nb", "v")).isInstanceOf(StorageInvalidException.class);
    assertThatThrownBy(() -> state.put("big", "x".repeat(256 * 1024 + 1)))
        .isInstanceOf(StorageInvalidException.class)
        .hasMessageContaining("state 'big' is 262145 bytes").hasMessageContaining("256 KiB");
    assertThatThrownBy(() -> state.put("null", null)).isInstanceOf(StorageInvalidException.class);
  }

  @Test
  void aValueWithANulCharacterIsRefusedAsInvalidNamingTheOperationAndNothingIsWritten() {
    StateStore state = backend.forPlugin("tempvc").state();

    assertThatThrownBy(() -> state.put("nul/key", "a\u0000b"))
        .isInstanceOf(dev.cogwheel.storage.StorageInvalidException.class)
        .hasMessageContaining("tempvc")
        .hasMessageContaining("a text value holds a character PostgreSQL cannot store (the NUL character U+0000")
        .hasMessageContaining("SQLSTATE 22021");
    assertThat(state.find("nul/key")).isEmpty();
  }
}
