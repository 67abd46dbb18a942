package dev.cogwheel.storage.postgres.migration;

import dev.cogwheel.storage.StorageInvalidException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a changelog for review without running any part of it. Every file is first read as plain
 * YAML (or JSON) and checked against the allow-list of changelog entries, changeset attributes,
 * change types and their attributes ({@link ChangelogAllowList}); only a changelog that passes is
 * handed to Liquibase's parser to build its model. So no custom change class is instantiated, no
 * precondition, property or extension is even loaded, and no {@code ${...}} is expanded (parameters
 * are refused, so the environment and the system properties Liquibase would fill them from never
 * reach a changelog).
 */
final class ChangelogReader {

  private static final List<String> FORMATS = List.of(".yaml", ".yml", ".json");

  private ChangelogReader() {}

  /**
   * Checks every file of the source's changelog, then parses it; call inside a scope whose resource
   * accessor is the source's.
   *
   * @throws RefusedException naming the file, the changeset, the attribute and the rule, if the
   *     changelog uses anything not on the allow-list
   * @throws StorageInvalidException if a file is not valid YAML or JSON
   */
  static DatabaseChangeLog read(ChangelogSource source) throws Exception {
    List<String> refusals = new ArrayList<>();
    new Walk(source, refusals).file(source.rootPath(), new LinkedHashSet<>());
    if (!refusals.isEmpty()) {
      throw new RefusedException(String.join("; ", refusals));
    }
    // No ${ is left anywhere, so Liquibase's parameters (which hold the environment) expand nothing.
    return ChangeLogParserFactory.getInstance().getParser(source.rootPath(), source.accessor())
        .parse(source.rootPath(), new ChangeLogParameters(), source.accessor());
  }

  /** A changelog that uses something off the allow-list; the message has one finding per line of it. */
  static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Walk {

    private final ChangelogSource source;
    private final List<String> refusals;

    Walk(ChangelogSource source, List<String> refusals) {
      this.source = source;
      this.refusals = refusals;
    }

    void file(String path, Set<String> including) throws IOException {
      String where = path;
      if (FORMATS.stream().noneMatch(f -> path.toLowerCase(Locale.ROOT).endsWith(f))) {
        refusals.add(where + ": a plugin changelog is YAML or JSON (" + String.join(", ", FORMATS) + "); other formats are"
            + " not reviewed");
        return;
      }
      if (!including.add(path)) {
        refusals.add(where + ": includes itself through " + String.join(" -> ", including));
        return;
      }
      Object document;
      try {
        document = yaml().load(text(path));
      } catch (RuntimeException e) {
        throw new StorageInvalidException(where + " is not valid YAML or JSON: " + e.getMessage().replaceAll("\\s+", " ").trim(), e);
      }
      if (!(document instanceof Map<?, ?> root)) {
        refusals.add(where + ": holds no databaseChangeLog");
        return;
      }
      for (Object key : root.keySet()) {
        if (!"databaseChangeLog".equals(key)) {
          refusals.add(where + ": top-level key '" + key + "' (refused: a changelog file holds only databaseChangeLog)");
        }
      }
      Object entries = root.get("databaseChangeLog");
      if (entries instanceof List<?> list) {
        for (Object entry : list) {
          entry(path, entry, including);
        }
      }
      including.remove(path);
    }

    private void entry(String path, Object entry, Set<String> including) throws IOException {
      if (!(entry instanceof Map<?, ?> map) || map.size() != 1) {
        refusals.add(path + ": an entry of databaseChangeLog that is not a single changeSet or include (refused: "
            + ChangelogAllowList.ENTRY_RULE + ")");
        return;
      }
      Map.Entry<?, ?> only = map.entrySet().iterator().next();
      String kind = String.valueOf(only.getKey());
      switch (kind) {
        case "changeSet" -> changeSet(path, only.getValue());
        case "include" -> include(path, only.getValue(), including);
        default -> refusals.add(path + ": " + kind + " (refused: " + ChangelogAllowList.entryRule(kind) + ")");
      }
    }

    private void include(String path, Object value, Set<String> including) throws IOException {
      if (!(value instanceof Map<?, ?> attributes)) {
        refusals.add(path + ": include without a file (refused: include: {file: <path>, relativeToChangelogFile: true})");
        return;
      }
      for (Object key : attributes.keySet()) {
        if (!ChangelogAllowList.INCLUDE_ATTRIBUTES.contains(String.valueOf(key))) {
          refusals.add(path + ": include attribute '" + key + "' (refused: an include names one file of the plugin, with"
              + " " + ChangelogAllowList.INCLUDE_ATTRIBUTES + " only)");
        }
      }
      parameters(path + ": include", attributes);
      Object file = attributes.get("file");
      if (!(file instanceof String name) || name.isBlank()) {
        refusals.add(path + ": include without a file");
        return;
      }
      boolean relative = Boolean.TRUE.equals(attributes.get("relativeToChangelogFile"))
          || "true".equals(String.valueOf(attributes.get("relativeToChangelogFile")));
      String target = MemoryResourceAccessor.normalize(relative ? sibling(path, name) : name);
      if (!target.startsWith(source.ownPath()) || !exists(target)) {
        refusals.add(path + ": include " + name + " (refused: an include names a file of the plugin's own changelog"
            + " folder " + source.ownPath() + ")");
        return;
      }
      file(target, including);
    }

    private void changeSet(String path, Object value) throws IOException {
      if (!(value instanceof Map<?, ?> attributes)) {
        refusals.add(path + ": a changeSet that is not a map of attributes");
        return;
      }
      String where = "changeset " + attributes.get("id") + " (author " + attributes.get("author") + ", " + path + ")";
      for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
        String name = String.valueOf(attribute.getKey());
        if (!ChangelogAllowList.CHANGESET_ATTRIBUTES.contains(name)) {
          refusals.add(where + ": attribute '" + name + "' (refused: " + ChangelogAllowList.changeSetRule(name) + ")");
        }
      }
      parameters(where, attributes);
      Object changes = attributes.get("changes");
      if (changes instanceof List<?> list) {
        for (Object change : list) {
          change(where, path, change, false);
        }
      } else if (changes != null) {
        refusals.add(where + ": changes is not a list of changes");
      }
      Object rollback = attributes.get("rollback");
      if (rollback instanceof List<?> list) {
        for (Object change : list) {
          change(where, path, change, true);
        }
      } else if (rollback instanceof Map<?, ?>) {
        change(where, path, rollback, true);
      } else if (rollback != null && !(rollback instanceof String)) {
        refusals.add(where + ": rollback is neither SQL nor a list of changes");
      }
    }

    private void change(String where, String path, Object value, boolean rollback) throws IOException {
      String prefix = where + (rollback ? ": rollback" : "");
      if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
        refusals.add(prefix + ": an entry that is not a single change (refused: " + ChangelogAllowList.CHANGE_RULE + ")");
        return;
      }
      Map.Entry<?, ?> only = map.entrySet().iterator().next();
      String type = String.valueOf(only.getKey());
      Set<String> allowed = ChangelogAllowList.CHANGES.get(type);
      if (allowed == null) {
        refusals.add(prefix + ": change type '" + type + "' (refused: " + ChangelogAllowList.changeRule(type) + ")");
        return;
      }
      if (!(only.getValue() instanceof Map<?, ?> attributes)) {
        if (type.equals("sql") && only.getValue() instanceof String) {
          return;
        }
        refusals.add(prefix + ": " + type + " without attributes");
        return;
      }
      for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
        String name = String.valueOf(attribute.getKey());
        if (!allowed.contains(name)) {
          refusals.add(prefix + ": " + type + " attribute '" + name + "' (refused: " + ChangelogAllowList.attributeRule(type, name)
              + ")");
        } else if (name.equals("columns")) {
          columns(prefix, type, attribute.getValue());
        } else if (name.equals("path") && type.equals("sqlFile")) {
          sqlFile(prefix, path, attributes);
        }
      }
      parameters(prefix + ": " + type, attributes);
    }

    private void columns(String where, String type, Object value) {
      if (!(value instanceof List<?> list)) {
        refusals.add(where + ": " + type + " columns is not a list of columns");
        return;
      }
      Set<String> allowed = ChangelogAllowList.columnAttributes(type);
      for (Object item : list) {
        Object column = item instanceof Map<?, ?> m && m.size() == 1 ? m.get("column") : null;
        if (!(column instanceof Map<?, ?> attributes)) {
          refusals.add(where + ": " + type + " has a column entry that is not {column: {...}}");
          continue;
        }
        for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
          String name = String.valueOf(attribute.getKey());
          if (!allowed.contains(name)) {
            refusals.add(where + ": " + type + " column " + attributes.get("name") + " attribute '" + name + "' (refused: "
                + ChangelogAllowList.columnRule(type, name) + ")");
          } else if (name.equals("constraints")) {
            if (!(attribute.getValue() instanceof Map<?, ?> constraints)) {
              refusals.add(where + ": " + type + " column " + attributes.get("name") + " constraints is not a map");
              continue;
            }
            for (Object key : constraints.keySet()) {
              if (!ChangelogAllowList.CONSTRAINT_ATTRIBUTES.contains(String.valueOf(key))) {
                refusals.add(where + ": " + type + " column " + attributes.get("name") + " constraint '" + key + "' (refused: "
                    + ChangelogAllowList.constraintRule(String.valueOf(key)) + ")");
              }
            }
          }
        }
      }
    }

    /** An sqlFile must be a file of the plugin, and its text takes no parameters either. */
    private void sqlFile(String where, String path, Map<?, ?> attributes) throws IOException {
      Object file = attributes.get("path");
      if (!(file instanceof String name)) {
        return;
      }
      boolean relative = "true".equals(String.valueOf(attributes.get("relativeToChangelogFile")));
      String target = MemoryResourceAccessor.normalize(relative ? sibling(path, name) : name);
      if (!target.startsWith(source.ownPath())) {
        refusals.add(where + ": sqlFile " + name + " (refused: an sqlFile is a file of the plugin's own changelog folder "
            + source.ownPath() + ")");
        return;
      }
      if (exists(target)) {
        int line = parameterLine(text(target));
        if (line > 0) {
          refusals.add(where + ": sqlFile " + name + " line " + line + " holds ${...} (refused: " + ChangelogAllowList.PARAMETER_RULE
              + ")");
        }
      }
    }

    /** Refuses ${ anywhere in the keys and values below a node. */
    private void parameters(String where, Object node) {
      if (node instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (String.valueOf(e.getKey()).contains("${")) {
            refusals.add(where + ": key '" + e.getKey() + "' holds ${...} (refused: " + ChangelogAllowList.PARAMETER_RULE + ")");
          }
          if (e.getValue() instanceof String s && s.contains("${")) {
            refusals.add(where + ": attribute '" + e.getKey() + "' holds ${...} (refused: " + ChangelogAllowList.PARAMETER_RULE
                + ")");
          } else if (!(e.getValue() instanceof String)) {
            parameters(where, e.getValue());
          }
        }
      } else if (node instanceof Collection<?> list) {
        for (Object item : list) {
          if (item instanceof String s && s.contains("${")) {
            refusals.add(where + ": a value holds ${...} (refused: " + ChangelogAllowList.PARAMETER_RULE + ")");
          } else {
            parameters(where, item);
          }
        }
      }
    }

    private boolean exists(String path) {
      try {
        return source.accessor().get(path).exists();
      } catch (IOException e) {
        return false;
      }
    }

    private String text(String path) throws IOException {
      Resource resource = source.accessor().get(path);
      try (InputStream in = resource.openInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String sibling(String path, String name) {
    int slash = path.lastIndexOf('/');
    return (slash < 0 ? "" : path.substring(0, slash + 1)) + name;
  }

  private static int parameterLine(String text) {
    int at = text.indexOf("${");
    return at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50);
    return new Yaml(new SafeConstructor(options));
  }
}
