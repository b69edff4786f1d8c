package dev.layerlab.server.web;

import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import dev.layerlab.server.cli.SandboxFixture;
import io.javalin.Javalin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The playground served on a free port over the test JVM's shared engine, behind the server's
 * {@link Access} checks (with {@code allowedOrigins} besides its own), and a headless Debian
 * chromium driven through chromedriver. Screenshots go to {@code target/screenshots}.
 */
final class PageFixture implements BeforeAllCallback, AfterAllCallback {
    final SandboxFixture sandboxes = new SandboxFixture();
    final PlaygroundSettings settings;
    Playground playground;
    Javalin app;
    ChromeDriver browser;
    Path learners;

    final List<String> allowedOrigins;

    PageFixture(PlaygroundSettings settings, String... allowedOrigins) {
        this.settings = settings;
        this.allowedOrigins = List.of(allowedOrigins);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        sandboxes.beforeAll(context);
        learners = Files.createTempDirectory(sandboxes.data, "learners-");
        playground = new Playground(sandboxes.service, settings, learners, LessonCatalog.load());
        Access access = new Access(OperatorToken.loadOrCreate(sandboxes.data), new OriginPolicy(allowedOrigins));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            access.register(config);
            playground.register(config);
        }).start(0);
        playground.start();
        browser = newBrowser();
    }

    static ChromeDriver newBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        Path profile = Files.createTempDirectory("layerlab-chromium-");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--lang=en-US", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    String url(String path) {
        return "http://localhost:" + app.port() + path;
    }

    void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
        if (playground != null) {
            playground.close();
        }
        sandboxes.afterAll(context);
    }
}
