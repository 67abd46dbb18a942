package dev.cogwheel.panel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cogwheel.testing.postgres.PostgresExtension;
import dev.cogwheel.testing.postgres.TestSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web panel in a real headless Chromium against a running bot on the local Discord: sign in with
 * a token, reload a plugin, edit a guild's setting and see the bot answer differently, approve a
 * migration; then sign in with (the local) Discord as the guild's owner and edit that guild. Takes the screenshots of docs/panel.md into target/panel-screenshots, and into the
 * directory named by the system property {@code cogwheel.panel.screenshots} when it is set.
 *
 * <p>Skipped, not failed, when Chromium or its driver is not installed ({@code apt-get install
 * chromium chromium-driver}); the system properties {@code panel.test.chromium} and
 * {@code panel.test.chromedriver} point elsewhere.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PanelBrowserTest {

  static final Path CHROMIUM = Path.of(System.getProperty("panel.test.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("panel.test.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "panel-screenshots");

  RunningBot bot;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeAll
  void start(TestSchema schema, @TempDir Path plugins, @TempDir Path profile) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium or chromedriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "), so the web panel's browser test"
            + " is skipped; install them with apt-get install -y chromium chromium-driver.");
    bot = new RunningBot(schema, plugins, true);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, RunningBot.WAIT);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @Order(1)
  void anOperatorSignsInReloadsAPluginEditsAGuildsSettingAndApprovesAMigration() throws Exception {
    browser.get(bot.url() + "/");
    browser.findElement(By.id("token")).sendKeys("cwp_not-a-real-token");
    browser.findElement(By.id("sign-in")).click();
    awaitMessage("not known");
    WebElement token = browser.findElement(By.id("token"));
    token.clear();
    token.sendKeys(bot.token);
    screenshot("sign-in");
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("plugin-hello")));
    assertThat(browser.findElement(By.id("plugin-hello")).getText()).contains("1.0.0", "STARTED", "nothing about users");

    browser.findElement(By.cssSelector("button.reload[data-plugin='hello']")).click();
    awaitMessage("hello 1.0.0 is STARTED.");
    screenshot("plugins");

    assertThat(bot.hello()).isEqualTo("Hello");
    browser.findElement(By.cssSelector("button.tab[data-tab='config']")).click();
    browser.findElement(By.id("guild")).sendKeys(bot.guildId());
    browser.findElement(By.id("load-config")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scope-label"), "Showing guild " + bot.guildId()));
    assertThat(browser.findElement(By.id("cfg-hello-shout")).getAttribute("type")).isEqualTo("checkbox");
    assertThat(browser.findElement(By.id("cfg-hello-times")).getAttribute("type")).isEqualTo("number");
    WebElement times = browser.findElement(By.id("cfg-hello-times"));
    times.clear();
    times.sendKeys("7");
    browser.findElement(By.id("cfg-hello-times-save")).click();
    awaitMessage("must be between 1 and 3");

    WebElement greeting = browser.findElement(By.id("cfg-hello-greeting"));
    greeting.clear();
    greeting.sendKeys("Howdy");
    browser.findElement(By.id("cfg-hello-greeting-save")).click();
    awaitMessage("hello greeting is now Howdy here.");
    screenshot("config");
    String reply = bot.hello();
    long deadline = System.nanoTime() + RunningBot.WAIT.toNanos();
    while (!reply.equals("Howdy") && System.nanoTime() < deadline) {
      reply = bot.hello();
    }
    assertThat(reply).isEqualTo("Howdy");

    browser.findElement(By.cssSelector("button.tab[data-tab='database']")).click();
    WebElement approve = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("button.approve[data-ref='ledger:0002-drop-level']")));
    screenshot("database");
    approve.click();
    awaitMessage("Approved ledger:0002-drop-level");
    assertThat(bot.call("GET", "/database/approvals", null).json()).isEmpty();

    browser.findElement(By.cssSelector("button.tab[data-tab='audit']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-rows"), "database.approve"));
    assertThat(browser.findElement(By.id("audit-rows")).getText()).contains("config.set", "Howdy", "plugin.reload", "token:tests");
    screenshot("audit");
  }

  @Test
  @Order(2)
  void aGuildsOwnerSignsInWithDiscordAndEditsOnlyThatGuild() throws Exception {
    bot.discord.signInAs("alice");
    // A fresh tab's session: no operator token left from another test.
    browser.get(bot.url() + "/");
    browser.executeScript("sessionStorage.clear()");
    browser.get(bot.url() + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("discord-sign-in"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scope-label"), "Showing guild " + bot.guildId()));
    assertThat(browser.getCurrentUrl()).doesNotContain("session=");
    assertThat(browser.findElement(By.id("actor")).getText()).isEqualTo("discord:alice");
    assertThat(browser.findElement(By.cssSelector("button.tab[data-tab='plugins']")).isDisplayed()).isFalse();
    WebElement times = browser.findElement(By.id("cfg-hello-times"));
    times.clear();
    times.sendKeys("2");
    browser.findElement(By.id("cfg-hello-times-save")).click();
    awaitMessage("hello times is now 2 here.");
    screenshot("discord-sign-in");
    String expected = bot.hello().split(" ")[0] + " " + bot.hello().split(" ")[0];
    String reply = bot.hello();
    long deadline = System.nanoTime() + RunningBot.WAIT.toNanos();
    while (!reply.equals(expected) && System.nanoTime() < deadline) {
      reply = bot.hello();
    }
    assertThat(reply).isEqualTo(expected);
    assertThat(bot.backend.panel().auditLog(1).get(0).actor()).isEqualTo("discord:alice");
  }

  private void awaitMessage(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), text));
  }

  private void screenshot(String name) throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SCREENSHOTS);
    Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    String docs = System.getProperty("cogwheel.panel.screenshots");
    if (docs != null && !docs.isBlank()) {
      Path target = Path.of(docs);
      Files.createDirectories(target);
      Files.copy(shot, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
