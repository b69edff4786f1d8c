package dev.layerlab.server.web;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The pages in a real headless chromium against the real server parts and a real sandbox: the home
 * page, a lesson with its terminal, a step run by its button and checked, a reload back into the
 * same shell with the progress kept, the language switch and the free playground.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundPageTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(1, 10, Duration.ofMinutes(30)));

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(page.browser, Duration.ofSeconds(seconds));
    }

    /** The active terminal's text, read from xterm's buffer. */
    private static String screen() {
        Object text = page.browser.executeScript(
                "return window.layerlab && window.layerlab.active ? window.layerlab.active.screenText() : ''");
        return text == null ? "" : text.toString();
    }

    private static void waitForScreen(String part, int seconds) {
        try {
            waiting(seconds).until(d -> screen().contains(part));
        } catch (RuntimeException e) {
            fail("the terminal never showed '" + part + "'; status: "
                    + page.browser.findElement(By.id("terminal-status")).getText() + "; connected: "
                    + page.browser.executeScript("return window.layerlab.active && window.layerlab.active.connected()")
                    + "; it shows:\n" + screen());
        }
    }

    @Test
    @Order(1)
    void the_home_page_lists_the_lessons_and_the_playground() throws Exception {
        page.browser.get(page.url("/"));
        WebElement lessons = page.browser.findElement(By.id("lessons"));
        assertFalse(lessons.findElements(By.cssSelector("li")).isEmpty(), lessons.getText());
        assertTrue(lessons.getText().contains("0 of"), lessons.getText());
        assertNotNull(page.browser.findElement(By.id("playground-link")));
        page.screenshot("01-home");
    }

    @Test
    @Order(2)
    void a_lesson_shows_a_prompt_runs_a_step_by_its_button_and_passes_its_check() throws Exception {
        page.browser.get(page.url("/lessons/docker-basics"));
        waitForScreen("root@", 20);
        WebElement step = page.browser.findElement(By.id("step-whalesay"));
        for (WebElement run : step.findElements(By.cssSelector("pre[data-command] button.run"))) {
            run.click();
            Thread.sleep(300);
        }
        waitForScreen("hello world", 30);
        waitForScreen("\nhello", 30);
        assertFalse(screen().contains("command not found"), "a Run button types exactly the command:\n" + screen());
        page.screenshot("02-lesson-step-run");
        step.findElement(By.cssSelector("button.check")).click();
        waiting(30).until(d -> step.findElement(By.cssSelector(".check-result")).getText().contains("Passed"));
        assertTrue(step.getAttribute("class").contains("passed"));
        page.screenshot("03-lesson-step-passed");
    }

    @Test
    @Order(3)
    void a_reload_finds_the_same_shell_and_the_progress() throws Exception {
        page.browser.get(page.url("/lessons/docker-basics"));
        waitForScreen("root@", 20);
        page.browser.executeScript("window.layerlab.active.run('cd /tmp && echo marker-$((6*7))')");
        waitForScreen("marker-42", 20);
        page.browser.navigate().refresh();
        waitForScreen("marker-42", 20); // the recent screen comes back
        page.browser.executeScript("window.layerlab.active.run('pwd')");
        waitForScreen("\n/tmp", 20);     // and it is the same shell, still in /tmp
        assertTrue(page.browser.findElement(By.id("step-whalesay")).getAttribute("class").contains("passed"));
        page.screenshot("04-after-reload");
    }

    @Test
    @Order(4)
    void the_language_switch_is_remembered() throws Exception {
        page.browser.get(page.url("/"));
        page.browser.findElement(By.id("lang-switch")).click();
        waiting(10).until(d -> d.findElement(By.tagName("html")).getAttribute("lang").equals("ko"));
        page.browser.get(page.url("/"));
        assertEquals("ko", page.browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertTrue(page.browser.findElement(By.id("lessons")).getText().contains("단계"), "Korean progress text");
        page.screenshot("05-home-korean");
        page.browser.findElement(By.id("lang-switch")).click();
        waiting(10).until(d -> d.findElement(By.tagName("html")).getAttribute("lang").equals("en"));
    }

    @Test
    @Order(5)
    void the_free_playground_has_a_working_terminal() throws Exception {
        page.browser.get(page.url("/playground"));
        waitForScreen("root@", 20);
        page.browser.executeScript("window.layerlab.active.run('docker run --rm busybox echo from-a-container')");
        waitForScreen("from-a-container", 30);
        page.screenshot("06-playground");
    }

    @Test
    @Order(6)
    void a_published_port_opens_in_the_browser_through_the_server() throws Exception {
        page.browser.get(page.url("/playground"));
        waitForScreen("root@", 20);
        page.browser.executeScript("window.layerlab.active.run('docker run -d --name web -p 5000:80 nginx')");
        page.browser.navigate().refresh(); // the page lists published ports when it loads and every 15 s
        WebElement link = waiting(30).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#ports a.port-link")).stream().findFirst().orElse(null);
        });
        assertTrue(link.getText().contains("web :5000"), link.getText());
        page.browser.get(link.getAttribute("href"));
        try {
            waiting(20).until(d -> d.getPageSource().contains("Welcome to nginx!"));
        } catch (RuntimeException e) {
            fail("the port link did not show nginx's page: " + page.browser.getCurrentUrl() + "\n" + page.browser.getPageSource());
        }
        page.screenshot("07-port-link-nginx");

        page.browser.get(page.url("/playground"));
        waitForScreen("root@", 20);
        WebElement shell = waiting(30).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#ports button.container-shell")).stream()
                    .filter(b -> b.getText().contains("web")).findFirst().orElse(null);
        });
        shell.click();
        waiting(20).until(d -> d.findElements(By.cssSelector("#terminal-tabs button.active")).stream()
                .anyMatch(b -> b.getText().equals("web")));
        page.browser.executeScript("window.layerlab.active.run('ls /usr/share/nginx/html')");
        waitForScreen("index.html", 20);
        page.screenshot("08-terminal-into-container");
        page.browser.get(page.url("/ports/5001/"));
        assertTrue(page.browser.getPageSource().contains("no container of your sandbox publishes port 5001"),
                page.browser.getPageSource());
    }

    @Test
    @Order(7)
    void the_file_editor_opens_and_saves_a_file_of_the_sandbox() throws Exception {
        page.browser.get(page.url("/playground"));
        waitForScreen("root@", 20);
        page.browser.executeScript("window.layerlab.active.run('echo first-version > /root/editme.txt')");
        Thread.sleep(500);
        page.browser.findElement(By.cssSelector("#editor summary")).click();
        try {
            waiting(20).until(d -> d.findElements(By.cssSelector("#editor-files option")).stream()
                    .anyMatch(o -> "editme.txt".equals(o.getAttribute("value"))));
        } catch (RuntimeException e) {
            page.screenshot("10-editor-failed");
            fail("no editme.txt in the editor's list; /api/files says " + page.browser.executeAsyncScript(
                    "const done = arguments[0]; fetch('/api/files').then(r => r.text()).then(done)")
                    + "; open=" + page.browser.executeScript("return document.getElementById('editor').open"));
        }
        new org.openqa.selenium.support.ui.Select(page.browser.findElement(By.id("editor-files"))).selectByValue("editme.txt");
        WebElement text = page.browser.findElement(By.id("editor-text"));
        waiting(20).until(d -> text.getAttribute("value").contains("first-version"));
        text.clear();
        text.sendKeys("second-version\n");
        page.browser.findElement(By.id("editor-save")).click();
        waiting(20).until(d -> d.findElement(By.id("editor-status")).getText().equals("Saved"));
        page.browser.executeScript("window.layerlab.active.run('cat /root/editme.txt')");
        waitForScreen("second-version", 20);
        page.screenshot("10-editor");
    }
}
