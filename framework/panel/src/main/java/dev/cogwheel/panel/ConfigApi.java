package dev.cogwheel.panel;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cogwheel.runtime.plugin.CogwheelPluginManager;
import dev.cogwheel.runtime.plugin.PluginInfo;
import dev.cogwheel.runtime.plugin.PluginState;
import dev.cogwheel.storage.StorageInvalidException;
import dev.cogwheel.storage.config.ConfigKey;
import dev.cogwheel.storage.config.ConfigRule;
import dev.cogwheel.storage.config.ConfigScope;
import dev.cogwheel.storage.config.ConfigStore;
import dev.cogwheel.storage.spi.StorageBackend;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The config routes: every running plugin's registered keys with their values at a scope and the
 * scopes above it, and set and reset through the plugin's own {@link ConfigStore}, so the value is
 * validated as a command's would be ({@link ConfigKey#parse}) and every process's cache and the cogs'
 * change listeners hear of it through the store's notifications.
 */
final class ConfigApi {

  private static final Pattern ASCII_DIGITS = Pattern.compile("[0-9]{1,20}");

  private static final Logger log = LoggerFactory.getLogger(ConfigApi.class);

  private final CogwheelPluginManager manager;
  private final StorageBackend backend;

  ConfigApi(CogwheelPluginManager manager, StorageBackend backend) {
    this.manager = manager;
    this.backend = backend;
  }

  void register(PanelServer.Routes routes) {
    routes.add(GET, "/config", this::list);
    routes.add(PUT, "/config/{plugin}/{key}", this::set);
    routes.add(DELETE, "/config/{plugin}/{key}", this::reset);
  }

  private Object list(Context ctx) {
    ConfigScope scope = scope(ctx);
    List<Map<String, Object>> plugins = new ArrayList<>();
    for (PluginInfo plugin : manager.list()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", plugin.id());
      json.put("state", plugin.state().name());
      List<Map<String, Object>> keys = new ArrayList<>();
      if (plugin.state() == PluginState.STARTED) {
        ConfigStore store = backend.forPlugin(plugin.id()).config();
        store.keys().forEach(key -> keys.add(key(store, key, scope)));
      }
      json.put("keys", keys);
      plugins.add(json);
    }
    return Map.of("scope", scopeJson(scope), "plugins", plugins);
  }

  private Object set(Context ctx) {
    ConfigScope scope = scope(ctx);
    ConfigStore store = store(ctx);
    ConfigKey<?> key = key(store, ctx);
    String text = value(PanelServer.body(ctx).path("value"));
    write(ctx, store, key, scope, text);
    return key(store, key, scope);
  }

  private Object reset(Context ctx) {
    ConfigScope scope = scope(ctx);
    ConfigStore store = store(ctx);
    ConfigKey<?> key = key(store, ctx);
    Optional<String> old = current(store, key, scope);
    if (store.clear(key, scope)) {
      auditOrUndo(ctx, store, key, scope, "config.reset", old, null);
    }
    return key(store, key, scope);
  }

  private <T> void write(Context ctx, ConfigStore store, ConfigKey<T> key, ConfigScope scope, String text) {
    T value;
    try {
      value = key.parse(text);
    } catch (StorageInvalidException e) {
      throw ApiException.badRequest("value", e.getMessage());
    }
    Optional<String> old = current(store, key, scope);
    store.set(key, scope, value);
    auditOrUndo(ctx, store, key, scope, "config.set", old, key.type().encode(value));
  }

  /** Records the write; if that fails, puts the old value back, so nothing unaudited stays. */
  private void auditOrUndo(Context ctx, ConfigStore store, ConfigKey<?> key, ConfigScope scope, String action,
      Optional<String> old, String now) {
    String plugin = ctx.pathParam("plugin");
    try {
      backend.panel().audit(PanelServer.actor(ctx), action, target(plugin, key, scope), old.orElse(null), now);
    } catch (RuntimeException e) {
      try {
        restore(store, key, scope, old);
      } catch (RuntimeException undo) {
        e.addSuppressed(undo);
        log.error("panel.config_undo_failed plugin={} key={}: {}", plugin, key.name(), undo.toString());
      }
      throw e;
    }
  }

  private static <T> void restore(ConfigStore store, ConfigKey<T> key, ConfigScope scope, Optional<String> old) {
    if (old.isPresent()) {
      store.set(key, scope, key.type().decode(old.get()));
    } else {
      store.clear(key, scope);
    }
  }

  private ConfigStore store(Context ctx) {
    String id = ctx.pathParam("plugin");
    PluginInfo plugin = manager.find(id).orElseThrow(() -> ApiException.notFound("plugin",
        "There is no plugin " + id + "; GET " + PanelServer.API + "/plugins lists them."));
    if (plugin.state() != PluginState.STARTED) {
      throw new ApiException(409, "plugin", "Plugin " + id + " is " + plugin.state() + "; its settings are known only while it"
          + " runs, so load or enable it first.");
    }
    return backend.forPlugin(id).config();
  }

  private static ConfigKey<?> key(ConfigStore store, Context ctx) {
    String name = ctx.pathParam("key");
    return store.keys().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() -> ApiException.notFound("key",
        "Plugin " + ctx.pathParam("plugin") + " has no setting " + name + "; it has "
            + (store.keys().isEmpty() ? "none" : store.keys().stream().map(ConfigKey::name).collect(Collectors.joining(", "))) + "."));
  }

  private static String value(JsonNode value) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    if (value.isArray()) {
      return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
    }
    throw ApiException.badRequest("value", "Send the new value as {\"value\": \"...\"}, in the text form the setting's type"
        + " takes (GET " + PanelServer.API + "/config shows each type); to go back to the default, DELETE instead.");
  }

  /**
   * The scope from {@code guild} and {@code channel}: neither is global, a guild alone the guild, both
   * the channel; for a Discord sign-in, only a guild it administers (or one of its channels).
   */
  static ConfigScope scope(Context ctx) {
    ConfigScope scope = requestedScope(ctx);
    Optional<Set<Long>> allowed = PanelServer.guilds(ctx);
    if (allowed.isPresent()) {
      long guild = scope instanceof ConfigScope.Guild g ? g.guildId() : scope instanceof ConfigScope.Channel c ? c.guildId() : 0;
      if (!allowed.get().contains(guild)) {
        throw new ApiException(403, "guild", "Signed in with Discord, you may edit only the guilds you administer ("
            + (allowed.get().isEmpty() ? "none" : allowed.get().stream().map(Long::toUnsignedString).collect(Collectors.joining(", ")))
            + "); global settings need an operator token.");
      }
    }
    return scope;
  }

  private static ConfigScope requestedScope(Context ctx) {
    String guild = ctx.queryParam("guild");
    String channel = ctx.queryParam("channel");
    boolean hasGuild = guild != null && !guild.isBlank();
    boolean hasChannel = channel != null && !channel.isBlank();
    if (!hasGuild) {
      if (hasChannel) {
        throw ApiException.badRequest("guild", "A channel's settings need its guild too: add guild=<guild id> next to channel.");
      }
      return ConfigScope.global();
    }
    long guildId = snowflake("guild", guild);
    return hasChannel ? ConfigScope.channel(guildId, snowflake("channel", channel)) : ConfigScope.guild(guildId);
  }

  private static long snowflake(String field, String text) {
    try {
      // ASCII digits only: Long's parser also takes other scripts' digits ("١٢٣") and a leading '+'.
      if (!ASCII_DIGITS.matcher(text).matches()) {
        throw new NumberFormatException();
      }
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, field + " is '" + text + "', which is not a Discord id; use the id as digits"
          + " (Discord: Settings, Advanced, Developer Mode, then Copy ID).");
    }
  }

  private static Map<String, Object> scopeJson(ConfigScope scope) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", scope.kind().name().toLowerCase(Locale.ROOT));
    if (scope instanceof ConfigScope.Guild g) {
      json.put("guild", Long.toUnsignedString(g.guildId()));
    } else if (scope instanceof ConfigScope.Channel c) {
      json.put("guild", Long.toUnsignedString(c.guildId()));
      json.put("channel", Long.toUnsignedString(c.channelId()));
    }
    return json;
  }

  /** What the audit log names: {@code greeter/greeting@guild:123}, {@code greeter/greeting@channel:123/456}. */
  private static String target(String plugin, ConfigKey<?> key, ConfigScope scope) {
    Map<String, Object> s = scopeJson(scope);
    String where = s.get("kind") + (s.containsKey("guild") ? ":" + s.get("guild") : "") + (s.containsKey("channel") ? "/" + s.get("channel") : "");
    return plugin + "/" + key.name() + "@" + where;
  }

  private static <T> Map<String, Object> key(ConfigStore store, ConfigKey<T> key, ConfigScope scope) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", key.name());
    json.put("type", key.type().name());
    if (key.type().javaType().isEnum()) {
      json.put("choices", Arrays.stream(key.type().javaType().getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
    }
    json.put("default", key.type().encode(key.defaultValue()));
    json.put("description", key.description());
    json.put("rules", key.rules().stream().map(ConfigRule::description).toList());
    Map<String, Object> values = new LinkedHashMap<>();
    List<ConfigScope> chain = new ArrayList<>();
    for (Optional<ConfigScope> s = Optional.of(scope); s.isPresent(); s = s.get().parent()) {
      chain.add(0, s.get());
    }
    for (ConfigScope s : chain) {
      values.put(s.kind().name().toLowerCase(Locale.ROOT), current(store, key, s).orElse(null));
    }
    json.put("values", values);
    json.put("effective", key.type().encode(store.get(key, scope)));
    return json;
  }

  private static <T> Optional<String> current(ConfigStore store, ConfigKey<T> key, ConfigScope scope) {
    return store.find(key, scope).map(key.type()::encode);
  }
}
