package dev.fleetdiff.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web view in a real browser (headless Chromium through Selenium): the overview, an alert's diff, a fleet
 * search and the outliers show what the store holds, and a host's hostile output (script and img tags, terminal
 * escapes) is inert text.
 */
@Timeout(300)
class BrowserIT {
    @TempDir
    static Path dir;
    private static WebFleet fleet;
    private static String url;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        fleet = new WebFleet(dir).pollTwiceWithAChange();
        url = fleet.serve().url();
        browser = Browser.start(Files.createDirectories(dir.resolve("chromium-profile")));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void overviewListsEveryHostWithItsStateAndOpenChanges() throws Exception {
        browser.driver.get(url);

        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#hosts tbody tr"));
        assertThat(rows).extracting(row -> row.findElement(By.cssSelector("td")).getText())
                .containsExactly("evil1", "web1", "web2");
        assertThat(rows.get(2).getText()).contains("web", "ok").endsWith("1");
        browser.screenshot("overview");

        browser.driver.get(url + "?sort=changes&desc=1&group=web");
        assertThat(browser.driver.findElements(By.cssSelector("#hosts tbody tr")))
                .extracting(row -> row.findElement(By.cssSelector("td")).getText()).containsExactly("web1", "web2");
    }

    @Test
    void anAlertShowsItsDiffColouredAndSideBySide() throws Exception {
        browser.driver.get(url + "alerts/" + fleet.web2Alert());

        WebElement added = browser.driver.findElement(By.cssSelector("#diff span.add"));
        assertThat(added.getText()).contains("0.0.0.0:23456");
        assertThat(added.getCssValue("background-color")).isEqualTo("rgba(230, 255, 236, 1)");
        assertThat(browser.driver.findElements(By.cssSelector("#sides td.add")))
                .anySatisfy(cell -> assertThat(cell.getText()).contains("23456"));
        assertThat(browser.driver.findElement(By.id("notification")).getText())
                .contains("fleetdiff Notification.", "Received From: web2->netstat -tan");
        assertThat(browser.driver.findElement(By.id("host-link")).getAttribute("href")).endsWith("/hosts/web2");
        browser.screenshot("alert");
    }

    @Test
    void aFleetSearchFindsWhoListensOnAPort() throws Exception {
        browser.driver.get(url + "search");
        browser.driver.findElement(By.id("q")).sendKeys(":23456");
        browser.driver.findElement(By.id("find")).click();

        assertThat(browser.driver.findElement(By.id("summary")).getText())
                .startsWith("1 hosts match in 1 distinct outputs");
        assertThat(browser.driver.findElements(By.cssSelector(".match .hosts a"))).extracting(WebElement::getText)
                .containsExactly("web2");
        browser.screenshot("search");
    }

    @Test
    void outliersGroupTheHostsAndColourEachMinoritysDiff() throws Exception {
        browser.driver.get(url);
        browser.driver.findElement(By.linkText("Outliers")).click();
        // the page before the form is sent has a summary too: wait until the answer to the click replaces it
        WebElement before = browser.driver.findElement(By.id("summary"));
        browser.driver.findElement(By.id("group-outputs")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(before));

        assertThat(browser.driver.findElement(By.id("summary")).getText()).isEqualTo("ports: 3 hosts in 3 groups.");
        assertThat(browser.driver.findElements(By.cssSelector(".outlier-group .ranges")))
                .extracting(WebElement::getText).containsExactly("evil1", "web1", "web2");
        assertThat(browser.driver.findElements(By.cssSelector("#diff-3 span.add"))).anySatisfy(added -> {
            assertThat(added.getText()).contains("0.0.0.0:23456");
            assertThat(added.getCssValue("background-color")).isEqualTo("rgba(230, 255, 236, 1)");
        });
        assertThat(browser.driver.findElements(By.cssSelector("#diff-2 span.del")))
                .anySatisfy(line -> assertThat(line.getText()).isEqualTo("-<script>alert('xss')</script>"));
        browser.screenshot("outliers");
    }

    @Test
    void hostileOutputIsShownAsInertText() throws Exception {
        String img = "<img src=x onerror=alert('img')>";
        String script = "<script>alert('xss')</script>";
        Map<String, String> visible = Map.of("hosts/evil1", img, "alerts/" + evilAlert(), img,
                "search?q=%3Cscript&command=ports", script, "search?q=onerror%3D%5Cw&regex=1&command=ports", img,
                "outliers?command=ports", script);
        for (String page : visible.keySet()) {
            browser.driver.get(url + page);

            assertThatThrownBy(() -> browser.driver.switchTo().alert()).as(page).isInstanceOf(NoAlertPresentException.class);
            assertThat(browser.driver.findElements(By.tagName("script"))).as(page).isEmpty();
            assertThat(browser.driver.findElements(By.tagName("img"))).as(page).isEmpty();
            assertThat(browser.driver.findElements(By.id("injected"))).as(page).isEmpty();
            assertThat(browser.driver.findElements(By.tagName("b"))).as(page).isEmpty();
            String text = browser.driver.findElement(By.tagName("main")).getText();
            assertThat(text).as(page).contains(visible.get(page));
            assertThat(text).as(page).doesNotContain("\u001b").doesNotContain("\u0007");
        }
        browser.driver.get(url + "hosts/evil1");
        String output = browser.driver.findElement(By.cssSelector("pre.output")).getText();
        assertThat(output).contains("<script>alert('xss')</script>", "?[31mred?[0m", "?]0;title?",
                "</pre><b id=\"injected\">bold</b>");
        assertThat(browser.driver.getTitle()).isEqualTo("evil1 - fleetdiff");
        browser.screenshot("hostile-output");
    }

    private String evilAlert() {
        return fleet.app.reviews().alertsOf("evil1", "ports").get(0).alert().id();
    }
}
